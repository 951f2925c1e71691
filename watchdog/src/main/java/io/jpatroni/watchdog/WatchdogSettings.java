package io.jpatroni.watchdog;

import java.nio.file.Path;
import java.util.Map;

/**
 * A snapshot of what the watchdog depends on: the {@code watchdog} section and the dynamic {@code ttl} and
 * {@code loop_wait} (seconds). A change to any of them re-arms an active watchdog at its next keepalive.
 *
 * @param safetyMargin seconds between the watchdog's expiry and the lock's; {@code -1} means half the ttl
 */
public record WatchdogSettings(WatchdogMode mode, WatchdogDriver driver, Path device, int safetyMargin, int ttl,
                               int loopWait) {
    public static final Path DEFAULT_DEVICE = Path.of("/dev/watchdog");
    public static final int DEFAULT_SAFETY_MARGIN = 5;

    /** Reads the {@code watchdog} section (a YAML mapping, possibly empty) with Patroni's defaults. */
    public static WatchdogSettings of(Map<String, ?> section, int ttl, int loopWait) {
        Object device = section.get("device");
        Object margin = section.get("safety_margin");
        return new WatchdogSettings(WatchdogMode.parse(section.get("mode")), WatchdogDriver.parse(section.get("driver")),
                device == null ? DEFAULT_DEVICE : Path.of(String.valueOf(device)),
                margin == null ? DEFAULT_SAFETY_MARGIN : Integer.parseInt(String.valueOf(margin).trim()), ttl, loopWait);
    }

    /** Seconds after a keepalive before the watchdog fires: {@code ttl - safety_margin}, or {@code ttl / 2}. */
    public int timeout() {
        return safetyMargin == -1 ? ttl / 2 : ttl - safetyMargin;
    }

    /** Seconds a cycle may overrun {@code loop_wait} before the watchdog fires; negative: no safe timeout exists. */
    public int timingSlack() {
        return timeout() - loopWait;
    }

    /** The mode the device watchdog runs in: {@code driver: fence} uses no device at all. */
    public WatchdogMode deviceMode() {
        return driver == WatchdogDriver.FENCE ? WatchdogMode.OFF : mode;
    }

    /** When the fence is armed (see {@link FenceUse}). */
    public FenceUse fenceUse() {
        if (mode == WatchdogMode.OFF) {
            return FenceUse.OFF;
        }
        return switch (driver) {
            case DEFAULT -> FenceUse.WHEN_FAILOVER_POSSIBLE;
            case FENCE -> FenceUse.WHILE_LEADER;
            case TESTING, UNKNOWN -> FenceUse.OFF;
        };
    }

    /** {@code mode: required} with {@code driver: fence}: no leadership without a working fence. */
    public boolean fenceRequired() {
        return mode == WatchdogMode.REQUIRED && driver == WatchdogDriver.FENCE;
    }
}
