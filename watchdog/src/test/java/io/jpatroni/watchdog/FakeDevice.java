package io.jpatroni.watchdog;

import java.util.ArrayList;
import java.util.List;

/** A scripted device: what it accepts and refuses is set by the test, every call lands in {@link #calls}. */
final class FakeDevice implements WatchdogDevice {
    final List<String> calls = new ArrayList<>();
    String name = "Fake watchdog";
    boolean healthy = true;
    boolean openFails;
    boolean setTimeoutSupported = true;
    boolean magicClose = true;
    boolean keepaliveFails;
    boolean setTimeoutFails;
    /** When set, the timeout the device settles on whatever it is asked. */
    Integer settlesOn;
    private int timeout = 60;
    private boolean open;

    @Override
    public boolean isRunning() {
        return open;
    }

    @Override
    public boolean isHealthy() {
        return healthy;
    }

    @Override
    public void open() throws WatchdogException {
        calls.add("open");
        if (openFails) {
            throw new WatchdogException("Can't open watchdog device: Permission denied");
        }
        open = true;
    }

    @Override
    public void close() {
        calls.add("close");
        open = false;
    }

    @Override
    public void keepalive() throws WatchdogException {
        calls.add("keepalive");
        if (keepaliveFails) {
            throw new WatchdogException("Could not send watchdog keepalive: Bad file descriptor");
        }
    }

    @Override
    public int timeout() {
        return timeout;
    }

    @Override
    public boolean supportsSetTimeout() {
        return setTimeoutSupported;
    }

    @Override
    public void setTimeout(int seconds) throws WatchdogException {
        calls.add("set-timeout " + seconds);
        if (setTimeoutFails) {
            throw new WatchdogException("Could not set timeout on watchdog device: Invalid argument");
        }
        timeout = settlesOn != null ? settlesOn : seconds;
    }

    @Override
    public boolean canBeDisabled() {
        return magicClose;
    }

    @Override
    public String describe() {
        return name;
    }
}
