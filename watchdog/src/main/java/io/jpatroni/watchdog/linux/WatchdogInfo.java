package io.jpatroni.watchdog.linux;

/** A device's {@code struct watchdog_info}: what it supports, its firmware version and its name. */
public record WatchdogInfo(int options, int firmwareVersion, String identity) {

    public boolean has(int flag) {
        return (options & flag) != 0;
    }
}
