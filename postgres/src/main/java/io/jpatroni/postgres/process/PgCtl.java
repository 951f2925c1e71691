package io.jpatroni.postgres.process;

import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** pg_ctl and the postgres binary for one data directory. Every failure throws with command, code and output. */
public final class PgCtl {
    private static final Logger LOG = LoggerFactory.getLogger(PgCtl.class);
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final PostgresSettings settings;
    private final ProcessRunner runner;

    public PgCtl(PostgresSettings settings, ProcessRunner runner) {
        this.settings = settings;
        this.runner = runner;
    }

    /**
     * {@code pg_ctl start -w}: returns once PostgreSQL accepts connections (a standby: once it is consistent).
     * {@code postmasterOptions} are the {@code --name=value} options passed on the postmaster command line.
     */
    public void start(List<String> postmasterOptions, Duration timeout) {
        List<String> opts = new ArrayList<>();
        opts.add("--config-file=" + settings.configDir().resolve("postgresql.conf"));
        opts.addAll(postmasterOptions);
        String o = opts.stream().map(PgCtl::shellQuote).collect(Collectors.joining(" "));
        Command cmd = pgCtl(timeout.plus(GRACE), "start", "-w", "-t", seconds(timeout), "-l",
                settings.logFile().toString(), "-o", o);
        ProcessResult r = runner.run(cmd);
        if (!r.succeeded()) {
            throw new ProcessFailedException("starting PostgreSQL failed", cmd, withLogTail(r));
        }
    }

    public void stop(StopMode mode, Duration timeout) {
        Command cmd = pgCtl(timeout.plus(GRACE), "stop", "-m", mode.pgCtlName(), "-w", "-t", seconds(timeout));
        runner.runChecked("stopping PostgreSQL (" + mode.pgCtlName() + ") failed", cmd);
    }

    /** Like {@link #stop} but returns the result instead of throwing, for escalation. */
    public ProcessResult tryStop(StopMode mode, Duration timeout) {
        return runner.run(pgCtl(timeout.plus(GRACE), "stop", "-m", mode.pgCtlName(), "-w", "-t", seconds(timeout)));
    }

    public void reload() {
        runner.runChecked("reloading PostgreSQL failed", pgCtl(GRACE, "reload"));
    }

    /** {@code pg_ctl promote -w}: returns when the server has left recovery. */
    public void promote(Duration timeout) {
        runner.runChecked("promoting PostgreSQL failed",
                pgCtl(timeout.plus(GRACE), "promote", "-w", "-t", seconds(timeout)));
    }

    /** {@code pg_controldata} output (LANG=C). */
    public String controlData() {
        Command cmd = Command.of(GRACE, List.of(settings.bin("pg_controldata").toString(),
                settings.dataDir().toString()));
        return runner.runChecked("pg_controldata failed", cmd.capturingAll()).stdoutTail();
    }

    /**
     * Finishes crash recovery by running the postmaster in single-user mode until it exits (Patroni does this
     * before pg_rewind, which needs a clean shutdown). Archiving is kept from running anything.
     */
    public void singleUserRecovery(Duration timeout) {
        Command cmd = Command.of(timeout, List.of(settings.bin("postgres").toString(), "--single", "-D",
                settings.dataDir().toString(), "-c", "archive_mode=on", "-c", "archive_command=false",
                "-c", "config_file=" + settings.configDir().resolve("postgresql.conf"), "template1"));
        runner.runChecked("crash recovery in single-user mode failed", cmd);
    }

    /** {@code postgres -V} of this bin_dir, e.g. 150004 from "postgres (PostgreSQL) 15.4". */
    public int binaryVersionNum() {
        ProcessResult r = runner.runChecked("cannot determine PostgreSQL version",
                Command.of(GRACE, List.of(settings.bin("postgres").toString(), "-V")));
        return VersionParser.parseVersionNum(r.stdoutTail());
    }

    /** {@code postgres --describe-config} of this bin_dir: one tab-separated line per parameter it knows. */
    public String describeConfig() {
        return runner.runChecked("postgres --describe-config failed", Command.of(GRACE,
                List.of(settings.bin("postgres").toString(), "--describe-config")).capturingAll()).stdoutTail();
    }

    private Command pgCtl(Duration timeout, String... args) {
        List<String> all = new ArrayList<>();
        all.add(settings.bin("pg_ctl").toString());
        all.add(args[0]);
        all.add("-D");
        all.add(settings.dataDir().toString());
        all.addAll(List.of(args).subList(1, args.length));
        return Command.of(timeout, all);
    }

    private ProcessResult withLogTail(ProcessResult r) {
        String tail = logTail(settings.logFile(), 15);
        return tail.isEmpty() ? r : new ProcessResult(r.exitCode(), r.stdoutTail(),
                r.stderrTail() + "\n--- " + settings.logFile() + ":\n" + tail);
    }

    static String logTail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            LOG.debug("no log tail from {}: {}", file, e.toString());
            return "";
        }
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, d.toSeconds()));
    }

    /** Single-quotes for the shell pg_ctl hands {@code -o} to. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Binaries exist and are executable; otherwise a clear message naming bin_dir. */
    public static void checkBinDir(PostgresSettings settings, String... programs) {
        for (String p : programs) {
            Path bin = settings.bin(p);
            if (!Files.isExecutable(bin)) {
                throw new PostgresException("bin_dir " + settings.binDir() + " has no executable " + p
                        + " (looked for " + bin + ")");
            }
        }
    }
}
