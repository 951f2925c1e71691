package io.jpatroni.watchdog.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.watchdog.WatchdogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's use of the ioctls and its error paths, against a scripted kernel: this machine has no
 * {@code /dev/watchdog} and cannot load {@code softdog}.
 */
class LinuxWatchdogDeviceTest {
    @TempDir
    Path dir;

    private final FakeDeviceIo io = new FakeDeviceIo();
    private final AtomicInteger loads = new AtomicInteger();
    private Path devicePath;
    private LinuxWatchdogDevice device;

    @BeforeEach
    void setUp() throws IOException {
        devicePath = Files.createFile(dir.resolve("watchdog"));
        device = new LinuxWatchdogDevice(devicePath, () -> {
            loads.incrementAndGet();
            return io;
        }, WatchdogIoctl.of(IoctlLayout.GENERIC));
    }

    @Test
    void aMissingDeviceFailsWithoutLoadingNativeCode() {
        LinuxWatchdogDevice missing = new LinuxWatchdogDevice(dir.resolve("none"), () -> {
            throw new AssertionError("native code loaded");
        }, WatchdogIoctl.of(IoctlLayout.GENERIC));

        assertThat(missing.isHealthy()).isFalse();
        assertThatThrownBy(missing::open).isInstanceOf(WatchdogException.class)
                .hasMessage("Can't open watchdog device: No such file or directory: " + dir.resolve("none"));
        assertThat(missing.isRunning()).isFalse();
    }

    @Test
    void openSetTimeoutKeepaliveAndMagicClose() throws Exception {
        device.open();
        assertThat(device.supportsSetTimeout()).isTrue();
        device.setTimeout(25);
        assertThat(device.timeout()).isEqualTo(25);
        device.keepalive();
        device.close();

        assertThat(io.calls).containsExactly("open " + devicePath, "GETSUPPORT", "SETTIMEOUT 25", "GETTIMEOUT",
                "KEEPALIVE", "write V", "close");
        assertThat(loads).hasValue(1);
        assertThat(device.isRunning()).isFalse();
    }

    @Test
    void aDriverWithoutTheKeepaliveIoctlIsPingedByAWrite() throws Exception {
        io.options = WatchdogIoctl.SETTIMEOUT | WatchdogIoctl.MAGICCLOSE;
        device.open();

        device.keepalive();

        assertThat(io.calls).containsExactly("open " + devicePath, "GETSUPPORT", "write 1");
    }

    @Test
    void capabilitiesComeFromGetSupportAskedOnce() throws Exception {
        io.options = 0;
        device.open();

        assertThat(device.supportsSetTimeout()).isFalse();
        assertThat(device.canBeDisabled()).isFalse();
        assertThat(io.calls).containsExactly("open " + devicePath, "GETSUPPORT");
    }

    @Test
    void describeNamesTheDriverItsFirmwareAndANonDefaultPath() throws Exception {
        assertThat(device.describe()).isEqualTo("Linux watchdog device at " + devicePath);
        io.firmware = 2;
        device.open();
        assertThat(device.describe()).isEqualTo("Software Watchdog (firmware 2) at " + devicePath);
        assertThat(LinuxWatchdogDevice.at(Path.of("/dev/watchdog")).describe()).isEqualTo("Linux watchdog device");
    }

    @Test
    void errorsNameTheStepThatFailed() throws Exception {
        io.failing.put("open", 13);
        assertThatThrownBy(device::open).hasMessage(
                "Can't open watchdog device: Permission denied (errno 13): " + devicePath);
        io.failing.clear();

        device.open();
        io.failing.put("SETTIMEOUT", 22);
        assertThatThrownBy(() -> device.setTimeout(25))
                .hasMessage("Could not set timeout on watchdog device: Invalid argument (errno 22)");
        io.failing.put("GETTIMEOUT", 22);
        assertThatThrownBy(device::timeout)
                .hasMessage("Could not get timeout on watchdog device: Invalid argument (errno 22)");
        io.failing.put("KEEPALIVE", 22);
        assertThatThrownBy(device::keepalive)
                .hasMessage("Could not send watchdog keepalive: Invalid argument (errno 22)");
        io.failing.put("write", 22);
        assertThatThrownBy(device::close)
                .hasMessage("Error while closing Software Watchdog at " + devicePath + ": Invalid argument (errno 22)");
        assertThat(device.isRunning()).as("a failed magic close leaves the device open, and counting").isTrue();
    }

    @Test
    void getSupportFailureIsReported() throws Exception {
        io.failing.put("GETSUPPORT", 22);
        device.open();

        assertThatThrownBy(device::supportsSetTimeout)
                .hasMessage("Could not get information about watchdog device: Invalid argument (errno 22)");
        assertThat(device.describe()).isEqualTo("Linux watchdog device at " + devicePath);
    }

    @Test
    void timeoutsOutsideTheKernelsRangeAreRefused() throws Exception {
        device.open();

        assertThatThrownBy(() -> device.setTimeout(0))
                .hasMessage("Invalid timeout 0. Supported values are between 1 and 65535");
        assertThatThrownBy(() -> device.setTimeout(65535)).isInstanceOf(WatchdogException.class);
    }

    @Test
    void aClosedDeviceRefusesCommands() {
        assertThatThrownBy(device::keepalive).hasMessageContaining("Watchdog device is closed");
        assertThatThrownBy(device::timeout).hasMessageContaining("Watchdog device is closed");
    }

    @Test
    void watchdogInfoIsDecodedInNativeOrder() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(40).order(java.nio.ByteOrder.nativeOrder());
        b.putInt(0x8180).putInt(0).put("Software Watchdog".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        WatchdogInfo info = LinuxWatchdogDevice.decode(b.array());

        assertThat(info).isEqualTo(new WatchdogInfo(0x8180, 0, "Software Watchdog"));
        assertThat(info.has(WatchdogIoctl.MAGICCLOSE)).isTrue();
        assertThat(info.has(WatchdogIoctl.SETTIMEOUT)).isTrue();
    }
}
