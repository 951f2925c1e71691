package io.jpatroni.watchdog.linux;

/**
 * The system calls a Linux watchdog device needs, on raw file descriptors. {@link JnaDeviceIo} makes them;
 * tests of {@link LinuxWatchdogDevice} script them.
 */
public interface DeviceIo {

    /** {@code open(path, O_WRONLY)}: the device starts counting down. */
    int open(String path) throws DeviceIoException;

    /** {@code write(fd, &value, 1)}. */
    void write(int fd, byte value) throws DeviceIoException;

    /** {@code ioctl(fd, request, &value)} on an {@code int}; returns the int after the call. */
    int ioctlInt(int fd, long request, int value) throws DeviceIoException;

    /** {@code ioctl(fd, request, buffer)} on a {@code size}-byte structure the kernel fills; returns its bytes. */
    byte[] ioctlBuffer(int fd, long request, int size) throws DeviceIoException;

    /** {@code close(fd)}. */
    void close(int fd) throws DeviceIoException;
}
