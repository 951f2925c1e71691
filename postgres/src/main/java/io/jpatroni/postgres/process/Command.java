package io.jpatroni.postgres.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One external program call ({@code cancellable}: see {@link #asCancellable()}). {@code env} is added to the inherited environment; {@code logOutput} streams each
 * output line to the log (long operations such as pg_basebackup show progress that way).
 */
public record Command(List<String> args, Map<String, String> env, Optional<Path> workDir, Duration timeout,
                      boolean logOutput, int tailLines, boolean cancellable) {
    public static final int DEFAULT_TAIL = 20;

    public Command {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(timeout, "timeout");
        if (args.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    public static Command of(Duration timeout, List<String> args) {
        return new Command(args, Map.of(), Optional.empty(), timeout, false, DEFAULT_TAIL, false);
    }

    public Command withEnv(Map<String, String> extra) {
        var merged = new java.util.HashMap<>(env);
        merged.putAll(extra);
        return new Command(args, merged, workDir, timeout, logOutput, tailLines, cancellable);
    }

    public Command logged() {
        return new Command(args, env, workDir, timeout, true, tailLines, cancellable);
    }

    /** {@link ProcessRunner#cancel()} may kill it (clones and scripts; never pg_rewind or pg_ctl). */
    public Command asCancellable() {
        return new Command(args, env, workDir, timeout, logOutput, tailLines, true);
    }

    /** Keeps the whole output (for parsers) instead of the last lines. */
    public Command capturingAll() {
        return new Command(args, env, workDir, timeout, logOutput, Integer.MAX_VALUE, cancellable);
    }

    public Command inDirectory(Path dir) {
        return new Command(args, env, Optional.of(dir), timeout, logOutput, tailLines, cancellable);
    }

    /** The program's file name, e.g. {@code pg_ctl}. */
    public String program() {
        return Path.of(args.get(0)).getFileName().toString();
    }

    /**
     * The command line for messages. Passwords travel via pgpass files; the one secret a connection string may
     * carry, the client key's {@code sslpassword}, is masked.
     */
    public String display() {
        return String.join(" ", args).replaceAll("(sslpassword=)(?:\\\\.|[^\\\\\\s])*", "$1******");
    }
}
