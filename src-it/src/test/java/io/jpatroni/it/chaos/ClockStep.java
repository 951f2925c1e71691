package io.jpatroni.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fault 8's wall-clock step on one node with libfaketime (package {@code faketime}): a network namespace has no clock
 * of its own and a time namespace offsets only the monotonic clocks, so every daemon of a campaign that includes
 * fault 8 starts with libfaketime preloaded, reading its offset from a file of its own ({@code +0} until the fault
 * writes another). The daemon's children (PostgreSQL) inherit it, as every process of a real host sees its clock
 * step. The monotonic clocks are left alone, as an NTP step leaves them.
 */
final class ClockStep {
    static final int STEP_SECONDS = 60;
    private static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1");

    private ClockStep() {
    }

    /** Why the clock cannot be stepped under this daemon, or empty when it can. */
    static java.util.Optional<String> unavailable(ChaosCluster.Options o) {
        if (!Files.isReadable(LIBRARY)) {
            return java.util.Optional.of("libfaketime is not installed (Debian package faketime)");
        }
        if (System.getenv("JPATRONI_CHAOS_FAKETIME") == null) {
            // seen on this machine with Debian's libfaketime 0.9.10: three JVMs under it log nothing for minutes
            // (class loading crawls, with or without FAKETIME_FORCE_MONOTONIC_FIX), and Patroni 3.0.2 under it
            // dies in time.sleep() with EINVAL within two minutes, with no clock step at all
            return java.util.Optional.of("libfaketime 0.9.10 breaks both daemons (JVM stalls, Patroni's time.sleep "
                    + "fails with EINVAL); set JPATRONI_CHAOS_FAKETIME=1 to try it anyway");
        }
        return java.util.Optional.empty();
    }

    static Path offsetFile(ChaosCluster c, Hosts.Host n) {
        return c.logs().resolve(n.name() + ".faketime");
    }

    /** The environment a daemon starts with so that its clock can be stepped. */
    static Map<String, String> environment(ChaosCluster c, Hosts.Host n) {
        set(c, n, 0);
        return Map.of("LD_PRELOAD", LIBRARY.toString(), "FAKETIME_TIMESTAMP_FILE", offsetFile(c, n).toString(),
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_CACHE_DURATION", "1",
                // libfaketime 0.9.10 otherwise turns the JVM's timed waits into long stalls
                "FAKETIME_FORCE_MONOTONIC_FIX", "1");
    }

    /** The node's wall clock is {@code seconds} ahead of the real one from now on (within a second). */
    static void set(ChaosCluster c, Hosts.Host n, int seconds) {
        try {
            Files.writeString(offsetFile(c, n), (seconds >= 0 ? "+" : "") + seconds + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
