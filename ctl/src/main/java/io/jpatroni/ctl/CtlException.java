package io.jpatroni.ctl;

/** An error patronictl reports as {@code Error: <message>} on stderr with exit code 1. */
public final class CtlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CtlException(String message) {
        super(message);
    }
}
