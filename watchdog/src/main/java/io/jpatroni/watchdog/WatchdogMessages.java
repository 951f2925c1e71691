package io.jpatroni.watchdog;

/**
 * The watchdog's log lines. They keep Patroni's wording: operators alert on them ("activated with", "Configuration
 * requires watchdog"), and a node moving from Patroni to jpatroni keeps its alerts.
 */
public final class WatchdogMessages {
    private WatchdogMessages() {
    }

    public static String unsupportedPlatform() {
        return "Configuration requires a watchdog, but watchdog is not supported on this platform.";
    }

    public static String ttlTooShort(int ttl, int loopWait) {
        return "Watchdog not supported because leader TTL " + ttl + " is less than 2x loop_wait " + loopWait;
    }

    public static String couldNotActivate(String device, String error) {
        return "Could not activate " + device + ": " + error;
    }

    public static String cannotBeDisabledOnLockLoss() {
        return "Watchdog implementation can't be disabled. Watchdog will trigger after jpatroni loses leader key.";
    }

    public static String requiredButNotConfigured() {
        return "Configuration requires watchdog, but watchdog could not be configured.";
    }

    public static String requiredButUnsafeTimeout(int wanted, int actual) {
        return "Configuration requires watchdog, but a safe watchdog timeout " + wanted
                + " could not be configured. Watchdog timeout is " + actual + ".";
    }

    public static String requiredButNotActivated() {
        return "Configuration requires watchdog, but watchdog could not be activated";
    }

    public static String unsafeTimeout(int actual, int wanted) {
        return "Watchdog timeout " + actual + " seconds does not ensure safe termination within " + wanted + " seconds";
    }

    public static String activated(String device, int timeout, int slack) {
        return device + " activated with " + timeout + " second timeout, timing slack " + slack + " seconds";
    }

    public static String updated(String device, int timeout, int slack) {
        return device + " updated with " + timeout + " second timeout, timing slack " + slack + " seconds";
    }

    public static String loopWaitTooLong(int loopWait, int timeout) {
        return "loop_wait of " + loopWait + " seconds is too long for watchdog " + timeout + " second timeout";
    }

    public static String disablingUnsafe() {
        return "Disabling watchdog due to unsafe timeout.";
    }

    public static String cannotBeDisabledWillReboot(int timeout) {
        return "Watchdog implementation can't be disabled. System will reboot after " + timeout
                + " seconds when watchdog times out.";
    }

    public static String errorWhileDisabling(String error) {
        return "Error while disabling watchdog: " + error;
    }

    public static String errorWhileKeepalive(String error) {
        return "Error while sending keepalive: " + error;
    }

    /** The leader race's warning when {@link Watchdog#isHealthy()} is false (ha.py, {@code is_healthiest_node}). */
    public static String notUsable() {
        return "Watchdog device is not usable";
    }

    public static String fenceRestarted(long oldPid, long newPid) {
        return "the jpatroni fence (pid " + oldPid + ") is gone: started another (pid " + newPid + ")";
    }

    public static String orphanRetired(long pid) {
        return "retired another jpatroni fence of this data directory (pid " + pid + ")";
    }

    public static String fenceLeftArmed(String fence) {
        return "Leaving " + fence + " armed: it stops PostgreSQL when the lock would expire";
    }
}
