package io.jpatroni.postgres.process;

/**
 * Runs external programs. Implementations never throw for a non-zero exit code: they return it.
 * They throw {@link ProcessFailedException} only when the program cannot be started at all.
 */
public interface ProcessRunner {
    ProcessResult run(Command command);

    /** Runs and throws {@link ProcessFailedException} unless the exit code is 0. */
    default ProcessResult runChecked(String what, Command command) {
        ProcessResult result = run(command);
        if (!result.succeeded()) {
            throw new ProcessFailedException(what, command, result);
        }
        return result;
    }
}
