package io.jpatroni.watchdog.linux;

/** A failed system call: its errno and the C library's text for it. */
public final class DeviceIoException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public DeviceIoException(int errno, String description) {
        super(description + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
