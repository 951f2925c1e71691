package io.jpatroni.pycompat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Python's {@code datetime} formats, as Patroni writes times into the DCS, REST bodies and patronictl's output. */
public final class PyTime {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter DATE_SPACE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private PyTime() {
    }

    /**
     * {@code datetime.isoformat()}: {@code 2026-11-22T01:34:22.761039+00:00}, the microseconds only when not zero,
     * the offset as {@code +HH:MM} (with {@code :SS} when it has seconds).
     */
    public static String isoformat(OffsetDateTime t) {
        return format(t, DATE_TIME);
    }

    /** {@code str(datetime)}, which is {@code isoformat(sep=' ')}: {@code 2026-11-22 01:34:22.761039+00:00}. */
    public static String str(OffsetDateTime t) {
        return format(t, DATE_SPACE_TIME);
    }

    /**
     * patronictl's {@code timestamp(precision)}: {@code strftime('%Y-%m-%d %H:%M:%S.%f')[:precision - 7]}, that is
     * the last {@code 7 - precision} characters cut (6 keeps five digits of the microseconds, 0 none and no dot).
     */
    public static String timestamp(LocalDateTime t, int precision) {
        String full = DATE_SPACE_TIME.format(t) + micros(t.getNano() / 1000);
        return full.substring(0, full.length() - 7 + precision);
    }

    private static String format(OffsetDateTime t, DateTimeFormatter dateTime) {
        StringBuilder b = new StringBuilder(32).append(dateTime.format(t));
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            b.append(micros(micros));
        }
        int total = t.getOffset().getTotalSeconds();
        int abs = Math.abs(total);
        b.append(total < 0 ? '-' : '+').append(twoDigits(abs / 3600)).append(':').append(twoDigits(abs / 60 % 60));
        if (abs % 60 != 0) {
            b.append(':').append(twoDigits(abs % 60));
        }
        return b.toString();
    }

    private static String micros(int micros) {
        String digits = Integer.toString(micros);
        return "." + "0".repeat(6 - digits.length()) + digits;
    }

    private static String twoDigits(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }
}
