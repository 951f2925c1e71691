package io.jpatroni.ctl;

/**
 * An error patronictl reports as {@code Error: <message>} on stderr: exit code 1, or 2 for a bad option value (click's
 * usage errors).
 */
public final class CtlException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CtlException(String message) {
        this(message, 1);
    }

    private CtlException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A bad option value: exit code 2, as click's usage errors. */
    public static CtlException usage(String message) {
        return new CtlException(message, 2);
    }

    public int exitCode() {
        return exitCode;
    }
}
