package io.jpatroni.watchdog;

import io.jpatroni.watchdog.linux.LinuxWatchdogDevice;
import io.jpatroni.watchdog.testing.TestingWatchdogDevice;
import java.util.Locale;

/** Makes the device a configuration names; {@link Watchdog} calls it only when the device mode is not off. */
@FunctionalInterface
public interface DeviceFactory {

    WatchdogDevice create(WatchdogSettings settings);

    /**
     * The real devices: {@code testing} writes to its file, {@code default} is the Linux device (its native code is
     * loaded on its first open of an existing device file), anything else, or {@code default} off Linux, is none.
     */
    static DeviceFactory system() {
        return settings -> switch (settings.driver()) {
            case TESTING -> new TestingWatchdogDevice(settings.device());
            case DEFAULT -> isLinux() ? LinuxWatchdogDevice.at(settings.device()) : new NullWatchdog();
            case FENCE, UNKNOWN -> new NullWatchdog();
        };
    }

    private static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }
}
