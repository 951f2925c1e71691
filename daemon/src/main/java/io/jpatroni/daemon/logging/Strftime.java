package io.jpatroni.daemon.logging;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's {@code time.strftime} for {@code log.dateformat}, in the C locale: the directives Python documents
 * ({@code %Y %m %d %H %M %S %y %b %B %a %A %j %p %I %z %Z %e %u %w %%}...); an unknown directive is written as it is,
 * as glibc does. No milliseconds: Python adds them only when {@code dateformat} is not set.
 */
final class Strftime {
    private Strftime() {
    }

    static String format(String pattern, ZonedDateTime t) {
        StringBuilder out = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            switch (d) {
                case 'Y' -> out.append(t.getYear());
                case 'y' -> two(out, t.getYear() % 100);
                case 'C' -> two(out, t.getYear() / 100);
                case 'm' -> two(out, t.getMonthValue());
                case 'd' -> two(out, t.getDayOfMonth());
                case 'e' -> out.append(String.format(Locale.ROOT, "%2d", t.getDayOfMonth()));
                case 'H' -> two(out, t.getHour());
                case 'I' -> two(out, (t.getHour() + 11) % 12 + 1);
                case 'M' -> two(out, t.getMinute());
                case 'S' -> two(out, t.getSecond());
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> out.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear()));
                case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'u' -> out.append(t.getDayOfWeek().getValue());
                case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
                case 'z' -> out.append(DateTimeFormatter.ofPattern("xx", Locale.ROOT).format(t));
                case 'Z' -> out.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 's' -> out.append(t.toEpochSecond());
                case 'F' -> out.append(format("%Y-%m-%d", t));
                case 'T' -> out.append(format("%H:%M:%S", t));
                case 'D' -> out.append(format("%m/%d/%y", t));
                case 'R' -> out.append(format("%H:%M", t));
                case 'c' -> out.append(format("%a %b %e %H:%M:%S %Y", t));
                case 'x' -> out.append(format("%m/%d/%y", t));
                case 'X' -> out.append(format("%H:%M:%S", t));
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case '%' -> out.append('%');
                default -> out.append('%').append(d);
            }
        }
        return out.toString();
    }

    private static void two(StringBuilder out, int v) {
        if (v < 10) {
            out.append('0');
        }
        out.append(v);
    }
}
