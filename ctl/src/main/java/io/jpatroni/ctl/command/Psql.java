package io.jpatroni.ctl.command;

import io.jpatroni.ctl.cluster.ClusterJson;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs one SQL text on a member with {@code psql} in unaligned mode and splits its output into header and rows. */
final class Psql {
    private static final String FIELD = "\u001f";
    private static final String RECORD = "\u001e";

    private Psql() {
    }

    /** Header (empty after an error) and rows of text cells. */
    record Result(List<String> header, List<List<String>> rows) {
        static Result message(String timestamp, String text) {
            return new Result(List.of(), List.of(List.of(timestamp, text)));
        }
    }

    static String binary(Optional<String> binDir) {
        return binDir.map(d -> Path.of(d, "psql")).filter(Files::isExecutable).map(Path::toString).orElse("psql");
    }

    static Result run(String psql, Member member, String sql, String user, String password, String dbname) {
        var hp = ClusterJson.hostPort(member);
        if (hp.isEmpty()) {
            return error("member " + member.name() + " has no conn_url");
        }
        StringBuilder conninfo = new StringBuilder("host='" + hp.get().host() + "' port=" + hp.get().port()
                + " connect_timeout=5 fallback_application_name='Patroni ctl'");
        if (user != null) {
            conninfo.append(" user='").append(user.replace("'", "\\'")).append('\'');
        }
        if (dbname != null) {
            conninfo.append(" dbname='").append(dbname.replace("'", "\\'")).append('\'');
        }
        ProcessBuilder pb = new ProcessBuilder(psql, "-X", "-q", "-A", "-F", FIELD, "-R", RECORD, "-P", "footer=off",
                "-P", "null=None", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=sqlstate", "-d", conninfo.toString(),
                "-c", sql);
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return error("psql did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                return error(err.replaceFirst("^psql: (error: )?", "").replaceFirst("^ERROR:\\s+", "")
                        .replace('\n', ' '));
            }
            return parse(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return error("cannot run " + psql + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted");
        }
    }

    static Result parse(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (body.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        List<String> records = new ArrayList<>(Arrays.asList(body.split(RECORD, -1)));
        List<String> header = Arrays.asList(records.remove(0).split(FIELD, -1));
        List<List<String>> rows = new ArrayList<>();
        for (String r : records) {
            rows.add(Arrays.asList(r.split(FIELD, -1)));
        }
        return new Result(header, rows);
    }

    private static Result error(String message) {
        return Result.message(PyTime.timestamp(LocalDateTime.now(), 0), "ERROR, SQLSTATE: " + message);
    }
}
