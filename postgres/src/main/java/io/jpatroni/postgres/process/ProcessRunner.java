package io.jpatroni.postgres.process;

/**
 * Runs external programs. Implementations never throw for a non-zero exit code: they return it.
 * They throw {@link ProcessFailedException} only when the program cannot be started at all.
 */
public interface ProcessRunner {
    ProcessResult run(Command command);

    /**
     * Kills the running {@linkplain Command#asCancellable() cancellable} commands (and their children); their
     * {@link #run} returns {@link ProcessResult#CANCELLED}. Other commands are left alone. Safe from any thread.
     */
    default void cancel() {
    }

    /** Runs and throws {@link ProcessFailedException} unless the exit code is 0. */
    default ProcessResult runChecked(String what, Command command) {
        ProcessResult result = run(command);
        if (!result.succeeded()) {
            throw new ProcessFailedException(what, command, result);
        }
        return result;
    }
}
