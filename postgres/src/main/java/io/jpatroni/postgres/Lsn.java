package io.jpatroni.postgres;

/** WAL positions: PostgreSQL's {@code X/Y} text form to and from an unsigned 64-bit long. */
public final class Lsn {
    private Lsn() {
    }

    /** Parses {@code 0/3000060}; throws {@link IllegalArgumentException} on anything else. */
    public static long parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1 || slash != s.lastIndexOf('/')) {
            throw new IllegalArgumentException("not an LSN: '" + text + "'");
        }
        try {
            long hi = Long.parseUnsignedLong(s.substring(0, slash), 16);
            long lo = Long.parseUnsignedLong(s.substring(slash + 1), 16);
            if (hi > 0xFFFFFFFFL || lo > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("not an LSN: '" + text + "'");
            }
            return (hi << 32) | lo;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an LSN: '" + text + "'", e);
        }
    }

    /** Formats as PostgreSQL does: upper-case hex, no leading zeros. */
    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }
}
