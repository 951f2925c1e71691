package io.jpatroni.ctl.render;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Python's datetime formatting as patronictl prints it. */
public final class PyTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private PyTime() {
    }

    /** {@code datetime.isoformat()}: microseconds only when non-zero, offset as {@code +HH:MM}. */
    public static String isoformat(OffsetDateTime t) {
        StringBuilder b = new StringBuilder(ISO_SECONDS.format(t));
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            b.append(String.format(".%06d", micros));
        }
        ZoneOffset offset = t.getOffset();
        int total = offset.getTotalSeconds();
        int abs = Math.abs(total);
        b.append(total < 0 ? '-' : '+').append(String.format("%02d:%02d", abs / 3600, abs / 60 % 60));
        if (abs % 60 != 0) {
            b.append(String.format(":%02d", abs % 60));
        }
        return b.toString();
    }

    /**
     * patronictl's {@code timestamp(precision)}: local time as {@code YYYY-mm-dd HH:MM:SS.ffffff} with the last
     * {@code 6 - precision} digits cut; precision 0 also drops the dot.
     */
    public static String timestamp(LocalDateTime now, int precision) {
        String full = SECONDS.format(now) + String.format(".%06d", now.getNano() / 1000);
        return full.substring(0, full.length() - 7 + precision);
    }
}
