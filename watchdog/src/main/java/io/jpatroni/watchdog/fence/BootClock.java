package io.jpatroni.watchdog.fence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The boot clock ({@code CLOCK_BOOTTIME}), read where the fence reads it. */
@FunctionalInterface
public interface BootClock {
    Path UPTIME = Path.of("/proc/uptime");

    BootTime now();

    /** {@code /proc/uptime}: the clock {@code jpatroni-fence} compares its deadlines with. */
    static BootClock system() {
        return () -> {
            try {
                String text = Files.readString(UPTIME);
                return BootTime.parse(text.substring(0, text.indexOf(' ')));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the boot clock " + UPTIME, e);
            }
        };
    }
}
