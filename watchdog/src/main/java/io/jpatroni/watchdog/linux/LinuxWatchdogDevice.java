package io.jpatroni.watchdog.linux;

import io.jpatroni.watchdog.WatchdogDevice;
import io.jpatroni.watchdog.WatchdogException;
import io.jpatroni.watchdog.WatchdogSettings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A Linux watchdog device ({@code /dev/watchdog}, e.g. {@code softdog}) driven by ioctls: capabilities
 * ({@code WDIOC_GETSUPPORT}), timeout ({@code WDIOC_SETTIMEOUT}, {@code WDIOC_GETTIMEOUT}), keepalive
 * ({@code WDIOC_KEEPALIVE}, or a write where the driver lacks it) and the magic close ('V', then close).
 */
public final class LinuxWatchdogDevice implements WatchdogDevice {
    private static final int CLOSED = -1;
    private static final int MAX_TIMEOUT = 0xFFFF;

    private final Path device;
    private final Supplier<DeviceIo> ioLoader;
    private final WatchdogIoctl requests;
    private DeviceIo io;
    private int fd = CLOSED;
    private WatchdogInfo support;

    LinuxWatchdogDevice(Path device, Supplier<DeviceIo> ioLoader, WatchdogIoctl requests) {
        this.device = device;
        this.ioLoader = ioLoader;
        this.requests = requests;
    }

    /** The device at {@code device}, for this machine's ioctl layout; no native code is loaded yet. */
    public static LinuxWatchdogDevice at(Path device) {
        return new LinuxWatchdogDevice(device, JnaDeviceIo::load, WatchdogIoctl.of(IoctlLayout.current()));
    }

    @Override
    public boolean isRunning() {
        return fd != CLOSED;
    }

    @Override
    public boolean isHealthy() {
        return Files.exists(device) && Files.isWritable(device);
    }

    @Override
    public void open() throws WatchdogException {
        if (!Files.exists(device)) {   // the common case (no softdog): answered without loading native code
            throw new WatchdogException("Can't open watchdog device: No such file or directory: " + device);
        }
        try {
            fd = io().open(device.toString());
        } catch (DeviceIoException e) {
            throw new WatchdogException("Can't open watchdog device: " + e.getMessage() + ": " + device, e);
        }
    }

    @Override
    public void close() throws WatchdogException {
        if (!isRunning()) {
            return;
        }
        try {
            io.write(fd, (byte) 'V');
            io.close(fd);
            fd = CLOSED;
        } catch (DeviceIoException e) {
            throw new WatchdogException("Error while closing " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean canBeDisabled() throws WatchdogException {
        return support().has(WatchdogIoctl.MAGICCLOSE);
    }

    @Override
    public void keepalive() throws WatchdogException {
        try {
            if (support().has(WatchdogIoctl.KEEPALIVEPING)) {
                io.ioctlInt(openFd(), requests.keepalive(), 0);
            } else {
                io.write(openFd(), (byte) '1');
            }
        } catch (DeviceIoException e) {
            throw new WatchdogException("Could not send watchdog keepalive: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsSetTimeout() throws WatchdogException {
        return support().has(WatchdogIoctl.SETTIMEOUT);
    }

    @Override
    public void setTimeout(int seconds) throws WatchdogException {
        if (seconds <= 0 || seconds >= MAX_TIMEOUT) {
            throw new WatchdogException("Invalid timeout " + seconds + ". Supported values are between 1 and 65535");
        }
        try {
            io.ioctlInt(openFd(), requests.setTimeout(), seconds);
        } catch (DeviceIoException e) {
            throw new WatchdogException("Could not set timeout on watchdog device: " + e.getMessage(), e);
        }
    }

    @Override
    public int timeout() throws WatchdogException {
        try {
            return io.ioctlInt(openFd(), requests.getTimeout(), 0);
        } catch (DeviceIoException e) {
            throw new WatchdogException("Could not get timeout on watchdog device: " + e.getMessage(), e);
        }
    }

    /** The device's name and firmware when it is open ("Software Watchdog"), its path when not the default. */
    @Override
    public String describe() {
        String name = "Linux watchdog device";
        if (isRunning()) {
            try {
                WatchdogInfo info = support();
                name = info.identity() + (info.firmwareVersion() != 0 ? " (firmware " + info.firmwareVersion() + ")" : "");
            } catch (WatchdogException e) {
                // keep the generic name
            }
        }
        return device.equals(WatchdogSettings.DEFAULT_DEVICE) ? name : name + " at " + device;
    }

    /** The device's {@code watchdog_info}, asked once. */
    WatchdogInfo support() throws WatchdogException {
        if (support == null) {
            try {
                support = decode(io().ioctlBuffer(openFd(), requests.getSupport(), WatchdogIoctl.INFO_SIZE));
            } catch (DeviceIoException e) {
                throw new WatchdogException("Could not get information about watchdog device: " + e.getMessage(), e);
            }
        }
        return support;
    }

    static WatchdogInfo decode(byte[] info) {
        ByteBuffer b = ByteBuffer.wrap(info).order(ByteOrder.nativeOrder());
        int options = b.getInt();
        int firmware = b.getInt();
        byte[] identity = new byte[info.length - 2 * Integer.BYTES];
        b.get(identity);
        int end = 0;
        while (end < identity.length && identity[end] != 0) {
            end++;
        }
        return new WatchdogInfo(options, firmware, new String(identity, 0, end, StandardCharsets.UTF_8));
    }

    private int openFd() throws WatchdogException {
        if (!isRunning()) {
            throw new WatchdogException("Watchdog device is closed");
        }
        return fd;
    }

    private DeviceIo io() {
        if (io == null) {
            io = ioLoader.get();
        }
        return io;
    }
}
