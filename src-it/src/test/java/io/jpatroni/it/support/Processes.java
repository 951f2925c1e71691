package io.jpatroni.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short external commands (etcdctl, patronictl, openssl) with a time limit. */
public final class Processes {
    private Processes() {
    }

    /** Output of a command that must exit 0 within {@code timeout}. */
    public static String run(ProcessBuilder pb, Duration timeout) {
        Result r = runAny(pb.redirectErrorStream(true), timeout);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(pb.command() + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    public record Result(int exitCode, String output) {
    }

    /**
     * Removes what Patroni and patronictl read from their environment and the test run may have inherited
     * ({@code PATRONI_*}, {@code PATRONICTL_CONFIG_FILE}, {@code DCS_URL}, {@code XDG_CONFIG_HOME}), so a test sets
     * exactly the variables it means; returns {@code pb}.
     */
    public static ProcessBuilder withoutPatroniEnvironment(ProcessBuilder pb) {
        pb.environment().keySet().removeIf(k -> k.startsWith("PATRONI") || k.equals("DCS_URL")
                || k.equals("XDG_CONFIG_HOME"));
        return pb;
    }

    /** The last {@code lines} lines of a log file, or why there are none. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Exit code and combined output; kills the command after {@code timeout}. */
    public static Result runAny(ProcessBuilder pb, Duration timeout) {
        return runAny(pb, timeout, "");
    }

    /** Exit code and combined output of a command reading {@code stdin}; kills it after {@code timeout}. */
    public static Result runAny(ProcessBuilder pb, Duration timeout, String stdin) {
        try {
            Process p = pb.redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            var out = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (IOException e) {
                    // process gone
                }
            });
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(pb.command() + " did not finish in " + timeout);
            }
            reader.join(2000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
