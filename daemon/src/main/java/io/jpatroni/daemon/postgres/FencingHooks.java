package io.jpatroni.daemon.postgres;

import io.jpatroni.postgres.process.Command;
import io.jpatroni.postgres.process.ProcessFailedException;
import io.jpatroni.postgres.process.ProcessResult;
import io.jpatroni.postgres.process.ProcessRunner;
import io.jpatroni.postgres.process.ShellWords;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patroni's two fencing scripts, {@code postgresql.pre_promote} and {@code postgresql.before_stop}: split as a shell
 * would, run without arguments, waited for without a time limit (as Patroni does; a demotion cancels them, as it
 * cancels Patroni's), their exit codes logged in Patroni's words.
 */
public final class FencingHooks {
    private static final Logger log = LoggerFactory.getLogger(FencingHooks.class);
    /** Patroni waits for them as long as they run; a demotion or shutdown cancels them. */
    static final Duration NO_LIMIT = Duration.ofDays(365);

    private final ProcessRunner runner;
    private final Supplier<Optional<String>> prePromote;
    private final Supplier<Optional<String>> beforeStop;

    /**
     * @param runner     the runner whose {@link ProcessRunner#cancel()} the daemon calls to cancel long operations
     * @param prePromote {@code postgresql.pre_promote} in force (SIGHUP may change it)
     * @param beforeStop {@code postgresql.before_stop} in force
     */
    public FencingHooks(ProcessRunner runner, Supplier<Optional<String>> prePromote,
                        Supplier<Optional<String>> beforeStop) {
        this.runner = runner;
        this.prePromote = prePromote;
        this.beforeStop = beforeStop;
    }

    public static FencingHooks none() {
        return new FencingHooks(command -> new ProcessResult(0, "", ""), Optional::empty, Optional::empty);
    }

    public boolean hasPrePromote() {
        return script(prePromote).isPresent();
    }

    /**
     * Runs {@code pre_promote} (after the lock was taken, before {@code pg_ctl promote}).
     *
     * @return whether the promotion may go on: no script, or its exit code 0
     */
    public boolean prePromote() {
        Optional<String> cmd = script(prePromote);
        if (cmd.isEmpty()) {
            return true;
        }
        Optional<Integer> code = run(cmd.get());
        code.ifPresent(c -> log.info("pre_promote script `{}` exited with {}", cmd.get(), c));
        return code.filter(c -> c == 0).isPresent();
    }

    /** Runs {@code before_stop} (PostgreSQL runs and is about to be told to stop); its exit code changes nothing. */
    public void beforeStop() {
        Optional<String> cmd = script(beforeStop);
        if (cmd.isEmpty()) {
            return;
        }
        try {
            run(cmd.get()).ifPresent(c -> log.info("before_stop script `{}` exited with {}", cmd.get(), c));
        } catch (RuntimeException e) {
            log.error("Exception when calling `{}`: {}", cmd.get(), e.toString());
        }
    }

    /** The exit code; empty when the script could not start or was cancelled (Patroni's {@code None}). */
    private Optional<Integer> run(String cmd) {
        List<String> args = ShellWords.split(cmd);
        try {
            ProcessResult r = runner.run(Command.of(NO_LIMIT, args).logged().asCancellable());
            return r.cancelled() || r.timedOut() ? Optional.empty() : Optional.of(r.exitCode());
        } catch (ProcessFailedException e) {
            log.error("Failed to execute {}", args, e);
            return Optional.empty();
        }
    }

    private static Optional<String> script(Supplier<Optional<String>> s) {
        return s.get().filter(c -> !c.isBlank());
    }
}
