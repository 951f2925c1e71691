package io.jpatroni.watchdog.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * {@link DeviceIo} through the C library, bound by JNA. The only class that touches native code: it is loaded (and
 * libc bound) the first time a watchdog device file that exists is opened, never on a node that uses none.
 */
final class JnaDeviceIo implements DeviceIo {
    private static final int O_WRONLY = 1;

    /** The libc functions, with errno turned into {@link LastErrorException}. */
    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

        int ioctl(int fd, NativeLong request, Pointer argument) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        String strerror(int errno);
    }

    private final LibC libc;

    private JnaDeviceIo(LibC libc) {
        this.libc = libc;
    }

    static DeviceIo load() {
        return new JnaDeviceIo(Native.load("c", LibC.class));
    }

    @Override
    public int open(String path) throws DeviceIoException {
        try {
            return libc.open(path, O_WRONLY);
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    @Override
    public void write(int fd, byte value) throws DeviceIoException {
        try {
            libc.write(fd, new byte[] {value}, new NativeLong(1));
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    @Override
    public int ioctlInt(int fd, long request, int value) throws DeviceIoException {
        try (Memory argument = new Memory(Integer.BYTES)) {
            argument.setInt(0, value);
            libc.ioctl(fd, new NativeLong(request), argument);
            return argument.getInt(0);
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    @Override
    public byte[] ioctlBuffer(int fd, long request, int size) throws DeviceIoException {
        try (Memory buffer = new Memory(size)) {
            buffer.clear();
            libc.ioctl(fd, new NativeLong(request), buffer);
            return buffer.getByteArray(0, size);
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    @Override
    public void close(int fd) throws DeviceIoException {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            throw failure(e);
        }
    }

    private DeviceIoException failure(LastErrorException e) {
        return new DeviceIoException(e.getErrorCode(), libc.strerror(e.getErrorCode()));
    }
}
