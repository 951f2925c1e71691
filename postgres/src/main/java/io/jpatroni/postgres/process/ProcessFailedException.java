package io.jpatroni.postgres.process;

import io.jpatroni.postgres.PostgresException;

/** An external program failed: the message names the command, its exit code and the tail of its output. */
public class ProcessFailedException extends PostgresException {
    private final String command;
    private final int exitCode;
    private final String outputTail;

    public ProcessFailedException(String what, Command command, ProcessResult result) {
        super(what + ": `" + command.display() + "` "
                + (result.timedOut() ? "timed out after " + command.timeout().toSeconds() + "s"
                : result.cancelled() ? "was cancelled" : "exited with code " + result.exitCode())
                + (result.outputTail().isBlank() ? " (no output)" : ", output:\n" + result.outputTail()));
        this.command = command.display();
        this.exitCode = result.exitCode();
        this.outputTail = result.outputTail();
    }

    public ProcessFailedException(String what, Command command, Exception cause) {
        super(what + ": `" + command.display() + "` could not be run: " + cause.getMessage(), cause);
        this.command = command.display();
        this.exitCode = ProcessResult.TIMED_OUT;
        this.outputTail = "";
    }

    public String command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean cancelled() {
        return exitCode == ProcessResult.CANCELLED;
    }

    public String outputTail() {
        return outputTail;
    }
}
