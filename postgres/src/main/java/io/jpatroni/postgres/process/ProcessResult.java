package io.jpatroni.postgres.process;

/** Exit code and the last lines of each stream; -1 when the program timed out, -2 when it was cancelled. */
public record ProcessResult(int exitCode, String stdoutTail, String stderrTail) {
    public static final int TIMED_OUT = -1;
    public static final int CANCELLED = -2;

    public boolean succeeded() {
        return exitCode == 0;
    }

    public boolean timedOut() {
        return exitCode == TIMED_OUT;
    }

    public boolean cancelled() {
        return exitCode == CANCELLED;
    }

    /** stderr and stdout tails joined, for error messages. */
    public String outputTail() {
        String err = stderrTail.strip();
        String out = stdoutTail.strip();
        if (err.isEmpty()) {
            return out;
        }
        return out.isEmpty() ? err : err + "\n" + out;
    }
}
