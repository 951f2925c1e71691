package io.jpatroni.watchdog.linux;

import java.util.Locale;

/**
 * How Linux packs an ioctl request number ({@code <asm-generic/ioctl.h>}): number, type and size fields, then the
 * direction bits, whose width and values differ on powerpc, mips and sparc (13-bit size, 3-bit direction) and on
 * parisc (read and write swapped).
 */
public enum IoctlLayout {
    GENERIC(14, 2, 0, 1, 2),
    POWERPC_MIPS_SPARC(13, 3, 1, 4, 2),
    PARISC(14, 2, 0, 2, 1);

    private static final int NR_BITS = 8;
    private static final int TYPE_BITS = 8;
    private static final int TYPE_SHIFT = NR_BITS;
    private static final int SIZE_SHIFT = TYPE_SHIFT + TYPE_BITS;

    private final int sizeBits;
    private final int dirShift;
    private final int none;
    private final int write;
    private final int read;

    IoctlLayout(int sizeBits, int dirBits, int none, int write, int read) {
        this.sizeBits = sizeBits;
        this.dirShift = SIZE_SHIFT + sizeBits;
        this.none = none;
        this.write = write;
        this.read = read;
        assert dirShift + dirBits == 32;
    }

    /** The layout of the running machine, from {@code os.arch}. */
    public static IoctlLayout current() {
        return of(System.getProperty("os.arch", ""));
    }

    static IoctlLayout of(String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (a.startsWith("ppc") || a.startsWith("powerpc") || a.startsWith("mips") || a.startsWith("sparc")) {
            return POWERPC_MIPS_SPARC;
        }
        return a.startsWith("parisc") || a.startsWith("hppa") ? PARISC : GENERIC;
    }

    /** {@code _IO(type, nr)}. */
    public long none(char type, int nr) {
        return encode(none, type, nr, 0);
    }

    /** {@code _IOR(type, nr, size)}: the kernel writes {@code size} bytes to the argument. */
    public long read(char type, int nr, int size) {
        return encode(read, type, nr, size);
    }

    /** {@code _IOW(type, nr, size)}: the kernel reads {@code size} bytes from the argument. */
    public long write(char type, int nr, int size) {
        return encode(write, type, nr, size);
    }

    /** {@code _IOWR(type, nr, size)}. */
    public long readWrite(char type, int nr, int size) {
        return encode(read | write, type, nr, size);
    }

    private long encode(int dir, char type, int nr, int size) {
        if (nr < 0 || nr >= 1 << NR_BITS || size < 0 || size >= 1 << sizeBits) {
            throw new IllegalArgumentException("ioctl field out of range: nr " + nr + ", size " + size);
        }
        return ((long) dir << dirShift) | ((long) type << TYPE_SHIFT) | nr | ((long) size << SIZE_SHIFT);
    }
}
