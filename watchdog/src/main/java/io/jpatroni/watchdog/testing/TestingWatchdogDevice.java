package io.jpatroni.watchdog.testing;

import io.jpatroni.watchdog.WatchdogDevice;
import io.jpatroni.watchdog.WatchdogException;
import io.jpatroni.watchdog.WatchdogSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * Patroni's {@code driver: testing}: behaves as a device that supports setting its timeout and the magic close,
 * and writes what such a device would receive to the {@code device} path (a FIFO or a file, which must exist),
 * one line each, timestamped, so tests can watch the watchdog without a kernel module:
 * <pre>
 * 2025-06-01T10:00:00.000Z open
 * 2025-06-01T10:00:00.001Z set-timeout 25
 * 2025-06-01T10:00:10.002Z keepalive
 * 2025-06-01T10:00:20.003Z magic-close
 * </pre>
 * Opening a FIFO waits for its reader, as a write-only open of a FIFO does.
 */
public final class TestingWatchdogDevice implements WatchdogDevice {
    /** The timeout a fresh device reports, as Patroni's harness. */
    static final int INITIAL_TIMEOUT = 60;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path device;
    private final Clock clock;
    private OutputStream out;
    private int timeout = INITIAL_TIMEOUT;

    public TestingWatchdogDevice(Path device) {
        this(device, Clock.systemUTC());
    }

    TestingWatchdogDevice(Path device, Clock clock) {
        this.device = device;
        this.clock = clock;
    }

    @Override
    public boolean isRunning() {
        return out != null;
    }

    @Override
    public boolean isHealthy() {
        return Files.exists(device) && Files.isWritable(device);
    }

    @Override
    public void open() throws WatchdogException {
        try {
            out = Files.newOutputStream(device, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new WatchdogException("Can't open watchdog device: " + e, e);
        }
        record("open");
    }

    @Override
    public void close() throws WatchdogException {
        if (!isRunning()) {
            return;
        }
        record("magic-close");
        try {
            out.close();
            out = null;
        } catch (IOException e) {
            throw new WatchdogException("Error while closing " + describe() + ": " + e, e);
        }
    }

    @Override
    public void keepalive() throws WatchdogException {
        record("keepalive");
    }

    @Override
    public int timeout() {
        return timeout;
    }

    @Override
    public boolean supportsSetTimeout() {
        return true;
    }

    @Override
    public void setTimeout(int seconds) throws WatchdogException {
        record("set-timeout " + seconds);
        timeout = seconds;
    }

    @Override
    public String describe() {
        String name = "Watchdog test harness";
        return device.equals(WatchdogSettings.DEFAULT_DEVICE) ? name : name + " at " + device;
    }

    private void record(String event) throws WatchdogException {
        if (!isRunning()) {
            throw new WatchdogException("Watchdog device is closed");
        }
        String line = STAMP.format(clock.instant()) + " " + event + "\n";
        try {
            out.write(line.getBytes(StandardCharsets.US_ASCII));   // one write per line: atomic on a FIFO
            out.flush();
        } catch (IOException e) {
            throw new WatchdogException("Could not write to " + device + ": " + e, e);
        }
    }
}
