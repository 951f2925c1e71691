package io.jpatroni.watchdog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.watchdog.Watchdog;
import io.jpatroni.watchdog.WatchdogDriver;
import io.jpatroni.watchdog.WatchdogException;
import io.jpatroni.watchdog.WatchdogMode;
import io.jpatroni.watchdog.WatchdogSettings;
import io.jpatroni.watchdog.DeviceFactory;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestingWatchdogDeviceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void writesOneTimestampedLinePerEventToAFile() throws Exception {
        Path file = Files.createFile(dir.resolve("watchdog"));
        TestingWatchdogDevice device = new TestingWatchdogDevice(file, CLOCK);

        device.open();
        device.setTimeout(25);
        device.keepalive();
        device.close();

        assertThat(Files.readAllLines(file)).containsExactly(
                "2025-06-01T10:00:00.000Z open",
                "2025-06-01T10:00:00.000Z set-timeout 25",
                "2025-06-01T10:00:00.000Z keepalive",
                "2025-06-01T10:00:00.000Z magic-close");
        assertThat(device.timeout()).isEqualTo(25);
        assertThat(device.describe()).isEqualTo("Watchdog test harness at " + file);
    }

    @Test
    void theWatchdogDrivesItAsPatroniDrivesItsHarness() throws Exception {
        Path file = Files.createFile(dir.resolve("watchdog"));
        WatchdogSettings settings = new WatchdogSettings(WatchdogMode.REQUIRED, WatchdogDriver.TESTING, file, 5, 30, 10);
        Watchdog watchdog = Watchdog.create(settings, DeviceFactory.system());

        assertThat(watchdog.isHealthy()).isTrue();
        assertThat(watchdog.activate()).isTrue();
        watchdog.keepalive();
        watchdog.reload(new WatchdogSettings(WatchdogMode.REQUIRED, WatchdogDriver.TESTING, file, 5, 40, 10));
        watchdog.keepalive();
        watchdog.disable();

        assertThat(Files.readAllLines(file)).extracting(l -> l.substring(l.indexOf(' ') + 1)).containsExactly(
                "open", "set-timeout 25", "keepalive", "keepalive", "set-timeout 35", "magic-close");
    }

    @Test
    void aFifoReaderSeesEveryEvent() throws Exception {
        Path fifo = dir.resolve("watchdog.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> {
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(fifo, StandardCharsets.US_ASCII)) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return lines;
        });
        TestingWatchdogDevice device = new TestingWatchdogDevice(fifo, CLOCK);

        device.open();   // waits for the reader, as a write-only open of a FIFO does
        device.setTimeout(15);
        device.keepalive();
        device.close();

        assertThat(seen.get(30, TimeUnit.SECONDS)).extracting(l -> l.substring(l.indexOf(' ') + 1))
                .containsExactly("open", "set-timeout 15", "keepalive", "magic-close");
    }

    @Test
    void aMissingPathIsAnUnhealthyDevice() {
        TestingWatchdogDevice device = new TestingWatchdogDevice(dir.resolve("none"), CLOCK);

        assertThat(device.isHealthy()).isFalse();
        assertThatThrownBy(device::open).isInstanceOf(WatchdogException.class)
                .hasMessageStartingWith("Can't open watchdog device: ");
        assertThatThrownBy(device::keepalive).hasMessage("Watchdog device is closed");
    }
}
