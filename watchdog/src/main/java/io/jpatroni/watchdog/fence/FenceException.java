package io.jpatroni.watchdog.fence;

/** The fence process could not be started, or did not answer a command as it should. */
public final class FenceException extends Exception {
    private static final long serialVersionUID = 1L;

    public FenceException(String message) {
        super(message);
    }

    public FenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
