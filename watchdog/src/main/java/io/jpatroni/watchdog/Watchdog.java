package io.jpatroni.watchdog;

import static io.jpatroni.watchdog.WatchdogMode.OFF;
import static io.jpatroni.watchdog.WatchdogMode.REQUIRED;

import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patroni's watchdog: one device, opened before this node promotes ({@link #activate()}), kept alive after every
 * successful lock update ({@link #keepalive()}), closed with the magic close on demotion, pause and shutdown
 * ({@link #disable()}). A failed activation falls back to no device, and is retried only when the configuration
 * changes, so a missing device logs once. Configuration changes that reach an active watchdog wait for the next
 * keepalive, so that its new timeout starts together with a fresh lock. Thread-safe.
 */
public final class Watchdog {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final DeviceFactory devices;
    private WatchdogSettings config;
    private WatchdogSettings activeConfig;
    private WatchdogDevice impl;
    private boolean active;

    private Watchdog(WatchdogSettings settings, DeviceFactory devices, WatchdogDevice impl) {
        this.devices = devices;
        this.config = settings;
        this.activeConfig = settings;
        this.impl = impl;
    }

    /**
     * The watchdog of a starting node.
     *
     * @throws WatchdogException {@code mode: required} on a platform (or driver) with no device at all: the node
     *                           must not start, as Patroni exits
     */
    public static Watchdog create(WatchdogSettings settings, DeviceFactory devices) throws WatchdogException {
        WatchdogDevice impl = settings.deviceMode() == OFF ? new NullWatchdog() : devices.create(settings);
        if (settings.deviceMode() == REQUIRED && impl.isNull()) {
            log.error("{}", WatchdogMessages.unsupportedPlatform());
            throw new WatchdogException(WatchdogMessages.unsupportedPlatform());
        }
        return new Watchdog(settings, devices, impl);
    }

    /** Takes a new configuration: off at once; anything else at once when inactive, else at the next keepalive. */
    public synchronized void reload(WatchdogSettings settings) {
        config = settings;
        if (config.deviceMode() == OFF) {
            if (active) {
                disableDevice();
            }
            activeConfig = config;
            impl = new NullWatchdog();
        }
        if (!active) {
            if (deviceChanged()) {
                impl = devices.create(config);
            }
            activeConfig = config;
        }
    }

    /**
     * Opens the device with {@code ttl - safety_margin} as its timeout, before this node promotes.
     *
     * @return {@code false} when {@code mode: required} and no safe watchdog could be set up: do not lead
     */
    public synchronized boolean activate() {
        active = true;
        return activateDevice();
    }

    /** Restarts the countdown (after a successful lock update) and applies a pending configuration change. */
    public synchronized void keepalive() {
        try {
            if (active) {
                impl.keepalive();
            }
            if (active && !config.equals(activeConfig)) {
                applyPending();
            }
        } catch (WatchdogException e) {
            log.error("{}", WatchdogMessages.errorWhileKeepalive(e.getMessage()));
        }
    }

    /** Stops the countdown (demotion, pause, shutdown). */
    public synchronized void disable() {
        disableDevice();
        active = false;
    }

    /** A device is open and counting. */
    public synchronized boolean isRunning() {
        return impl.isRunning();
    }

    /** {@code false} only when {@code mode: required} cannot be met: this node must not race for the lock. */
    public synchronized boolean isHealthy() {
        if (config.deviceMode() != REQUIRED) {
            return true;
        }
        return config.timingSlack() >= 0 && impl.isHealthy();
    }

    private boolean activateDevice() {
        activeConfig = config;
        if (config.timingSlack() < 0) {
            log.warn("{}", WatchdogMessages.ttlTooShort(config.ttl(), config.loopWait()));
            closeQuietly();
            impl = new NullWatchdog();
        }
        OptionalInt actual = OptionalInt.empty();
        try {
            impl.open();
            actual = applyTimeout();
        } catch (WatchdogException e) {
            log.warn("{}", WatchdogMessages.couldNotActivate(impl.describe(), e.getMessage()));
            closeQuietly();
            impl = new NullWatchdog();
        }
        if (impl.isRunning() && !canBeDisabled()) {
            log.warn("{}", WatchdogMessages.cannotBeDisabledOnLockLoss());
        }
        if (!impl.isRunning() || actual.orElseThrow() > config.timeout()) {
            if (config.deviceMode() == REQUIRED) {
                log.error("{}", impl.isNull() ? WatchdogMessages.requiredButNotConfigured()
                        : WatchdogMessages.requiredButUnsafeTimeout(config.timeout(), actual.orElseThrow()));
                return false;
            }
            if (!impl.isNull()) {
                log.warn("{}", WatchdogMessages.unsafeTimeout(actual.orElseThrow(), config.timeout()));
            }
        }
        if (impl.isRunning()) {
            log.info("{}", WatchdogMessages.activated(impl.describe(), actual.orElseThrow(), config.timingSlack()));
        }
        return true;
    }

    /** Sets the configured timeout and returns the one in effect; empty when the device had to be closed. */
    private OptionalInt applyTimeout() throws WatchdogException {
        if (impl.supportsSetTimeout()) {
            impl.setTimeout(config.timeout());
        }
        int actual = impl.timeout();
        if (impl.isRunning() && actual < config.loopWait()) {
            log.error("{}", WatchdogMessages.loopWaitTooLong(config.loopWait(), actual));
            if (impl.canBeDisabled()) {
                log.info("{}", WatchdogMessages.disablingUnsafe());
                impl.close();
                impl = new NullWatchdog();
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(actual);
    }

    private void applyPending() throws WatchdogException {
        if (config.deviceMode() != OFF && activeConfig.deviceMode() == OFF) {
            impl = devices.create(config);
            activateDevice();
        }
        if (deviceChanged()) {
            disableDevice();
            impl = devices.create(config);
            activateDevice();
        }
        if (config.timeout() != activeConfig.timeout() && impl.isRunning()) {
            impl.setTimeout(config.timeout());
            log.info("{}", WatchdogMessages.updated(impl.describe(), impl.timeout(), config.timingSlack()));
        }
        activeConfig = config;
    }

    private void disableDevice() {
        try {
            if (impl.isRunning() && !impl.canBeDisabled()) {
                impl.keepalive();   // gives the administrator a full timeout before the reset
                log.warn("{}", WatchdogMessages.cannotBeDisabledWillReboot(impl.timeout()));
            }
            impl.close();
        } catch (WatchdogException e) {
            log.error("{}", WatchdogMessages.errorWhileDisabling(e.getMessage()));
        }
    }

    /** A device opened but left unconfigured must not count down unattended (Patroni 3.0.2 leaves it open). */
    private void closeQuietly() {
        if (!impl.isRunning()) {
            return;
        }
        try {
            impl.close();
        } catch (WatchdogException e) {
            log.error("{}", WatchdogMessages.errorWhileDisabling(e.getMessage()));
        }
    }

    private boolean canBeDisabled() {
        try {
            return impl.canBeDisabled();
        } catch (WatchdogException e) {
            return false;
        }
    }

    private boolean deviceChanged() {
        return config.driver() != activeConfig.driver() || !Objects.equals(config.device(), activeConfig.device());
    }
}
