package io.jpatroni.watchdog;

/** No device: every call succeeds and nothing is protected (Patroni's {@code NullWatchdog}). */
public final class NullWatchdog implements WatchdogDevice {
    /** Large enough never to matter, as Patroni's. */
    static final int TIMEOUT = 1_000_000_000;

    @Override
    public boolean isNull() {
        return true;
    }

    @Override
    public boolean isRunning() {
        return false;
    }

    @Override
    public boolean isHealthy() {
        return false;
    }

    @Override
    public void open() {
    }

    @Override
    public void close() {
    }

    @Override
    public void keepalive() {
    }

    @Override
    public int timeout() {
        return TIMEOUT;
    }

    @Override
    public boolean supportsSetTimeout() {
        return false;
    }

    @Override
    public void setTimeout(int seconds) throws WatchdogException {
        throw new WatchdogException("Setting timeout is not supported on " + describe());
    }

    @Override
    public String describe() {
        return "NullWatchdog";
    }
}
