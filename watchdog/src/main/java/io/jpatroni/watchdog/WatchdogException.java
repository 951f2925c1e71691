package io.jpatroni.watchdog;

/** A watchdog device could not be opened, configured, kept alive or closed. */
public class WatchdogException extends Exception {
    private static final long serialVersionUID = 1L;

    public WatchdogException(String message) {
        super(message);
    }

    public WatchdogException(String message, Throwable cause) {
        super(message, cause);
    }
}
