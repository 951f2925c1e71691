package io.jpatroni.watchdog;

/**
 * One watchdog device (Patroni's {@code WatchdogBase}). Once {@link #open() opened}, it must receive a
 * {@link #keepalive()} within its {@link #timeout()}, or it resets the machine. Not thread-safe: {@link Watchdog}
 * serializes every call.
 */
public interface WatchdogDevice {

    /** The placeholder used when no device can be used ({@link NullWatchdog}). */
    default boolean isNull() {
        return false;
    }

    /** Opened and able to act. */
    boolean isRunning();

    /** {@code false} when {@link #open()} is known to fail (no device file, not writable). */
    boolean isHealthy();

    /**
     * Opens the device: from here on the device counts down.
     *
     * @throws WatchdogException the device could not be opened
     */
    void open() throws WatchdogException;

    /** Stops the countdown and closes (the magic close: {@code 'V'}, then close); no-op when not open. */
    void close() throws WatchdogException;

    /** Restarts the countdown. */
    void keepalive() throws WatchdogException;

    /** The timeout in effect, in seconds. */
    int timeout() throws WatchdogException;

    /** Whether {@link #setTimeout} is supported (Linux: the {@code SETTIMEOUT} capability). */
    boolean supportsSetTimeout() throws WatchdogException;

    /** Sets the timeout, in seconds; the device may settle on another value: read {@link #timeout()} back. */
    void setTimeout(int seconds) throws WatchdogException;

    /** Whether {@link #close()} stops the countdown (Linux: the {@code MAGICCLOSE} capability). */
    default boolean canBeDisabled() throws WatchdogException {
        return true;
    }

    /** A human name for log lines ("Software Watchdog", "Linux watchdog device at /dev/watchdog1"). */
    String describe();
}
