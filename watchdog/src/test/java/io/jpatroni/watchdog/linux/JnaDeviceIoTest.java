package io.jpatroni.watchdog.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.watchdog.WatchdogException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real libc binding, on a regular file standing in for the device (no {@code /dev/watchdog} here): open, write
 * and close work, and a watchdog ioctl fails with the kernel's ENOTTY, which surfaces as Patroni's message.
 */
class JnaDeviceIoTest {
    private static final int ENOTTY = 25;

    @TempDir
    Path dir;

    @Test
    void systemCallsReachTheKernel() throws Exception {
        Path file = Files.createFile(dir.resolve("not-a-watchdog"));
        DeviceIo io = JnaDeviceIo.load();

        int fd = io.open(file.toString());
        io.write(fd, (byte) 'V');
        assertThatThrownBy(() -> io.ioctlInt(fd, WatchdogIoctl.of(IoctlLayout.current()).getTimeout(), 0))
                .isInstanceOfSatisfying(DeviceIoException.class, e -> assertThat(e.errno()).isEqualTo(ENOTTY));
        io.close(fd);

        assertThat(Files.readString(file)).isEqualTo("V");
        assertThatThrownBy(() -> io.open(dir.resolve("missing").toString()))
                .hasMessage("No such file or directory (errno 2)");
    }

    @Test
    void aFileThatIsNoWatchdogFailsAtTheFirstIoctl() throws Exception {
        Path file = Files.createFile(dir.resolve("watchdog"));
        LinuxWatchdogDevice device = LinuxWatchdogDevice.at(file);

        device.open();

        assertThatThrownBy(device::supportsSetTimeout).isInstanceOf(WatchdogException.class)
                .hasMessage("Could not get information about watchdog device: Inappropriate ioctl for device (errno 25)");
        assertThat(device.isRunning()).isTrue();
    }
}
