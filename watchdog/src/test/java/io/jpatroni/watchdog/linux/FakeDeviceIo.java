package io.jpatroni.watchdog.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A scripted kernel: answers ioctls like a watchdog driver, fails the calls the test names with an errno. */
final class FakeDeviceIo implements DeviceIo {
    static final int FD = 7;
    final List<String> calls = new ArrayList<>();
    final Map<String, Integer> failing = new HashMap<>();
    int options = WatchdogIoctl.SETTIMEOUT | WatchdogIoctl.MAGICCLOSE | WatchdogIoctl.KEEPALIVEPING;
    int firmware;
    String identity = "Software Watchdog";
    int timeout = 60;
    private final WatchdogIoctl requests = WatchdogIoctl.of(IoctlLayout.GENERIC);

    @Override
    public int open(String path) throws DeviceIoException {
        call("open " + path);
        return FD;
    }

    @Override
    public void write(int fd, byte value) throws DeviceIoException {
        call("write " + (char) value);
    }

    @Override
    public int ioctlInt(int fd, long request, int value) throws DeviceIoException {
        if (request == requests.setTimeout()) {
            call("SETTIMEOUT " + value);
            timeout = value;
            return timeout;
        }
        if (request == requests.getTimeout()) {
            call("GETTIMEOUT");
            return timeout;
        }
        if (request == requests.keepalive()) {
            call("KEEPALIVE");
            return 0;
        }
        throw new AssertionError("unexpected ioctl " + Long.toHexString(request));
    }

    @Override
    public byte[] ioctlBuffer(int fd, long request, int size) throws DeviceIoException {
        if (request != requests.getSupport() || size != WatchdogIoctl.INFO_SIZE) {
            throw new AssertionError("unexpected ioctl " + Long.toHexString(request));
        }
        call("GETSUPPORT");
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        b.putInt(options).putInt(firmware).put(identity.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    @Override
    public void close(int fd) throws DeviceIoException {
        call("close");
    }

    private void call(String call) throws DeviceIoException {
        calls.add(call);
        String name = call.split(" ")[0];
        if (failing.containsKey(name)) {
            int errno = failing.get(name);
            throw new DeviceIoException(errno, errno == 13 ? "Permission denied" : "Invalid argument");
        }
    }
}
