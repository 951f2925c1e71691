package io.jpatroni.postgres.param;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a numeric setting the way the postmaster does: a decimal (or 0x hex / 0 octal) number, optionally followed by
 * a memory unit (B, kB, MB, GB, TB) or a time unit (us, ms, s, min, h, d), case-sensitive, converted to the
 * parameter's base unit (pg_settings.unit: 8kB, MB, ms, s...). Pure.
 */
public final class SettingNumber {
    private static final Pattern NUMBER = Pattern.compile(
            "\\s*([-+]?(?:0[xX][0-9a-fA-F]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?))\\s*([a-zA-Z]*)\\s*");
    private static final Map<String, Double> BYTES = Map.of("B", 1.0, "kB", 1024.0, "MB", 1024.0 * 1024,
            "GB", 1024.0 * 1024 * 1024, "TB", 1024.0 * 1024 * 1024 * 1024);
    private static final Map<String, Double> MICROSECONDS = Map.of("us", 1.0, "ms", 1e3, "s", 1e6, "min", 60e6,
            "h", 3600e6, "d", 86400e6);
    private static final Pattern BASE_UNIT = Pattern.compile("(\\d*)(B|kB|MB|GB|TB|us|ms|s|min|h|d)");

    private SettingNumber() {
    }

    /** The value in {@code baseUnit} ("-" or empty: no unit), or empty when the postmaster would reject it. */
    public static OptionalDouble inBaseUnit(String value, String baseUnit) {
        Matcher m = NUMBER.matcher(value);
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        double number;
        try {
            number = parseNumber(m.group(1));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
        String unit = m.group(2);
        if (unit.isEmpty()) {
            return OptionalDouble.of(number);
        }
        Matcher base = BASE_UNIT.matcher(baseUnit == null ? "" : baseUnit);
        if (!base.matches()) {
            return OptionalDouble.empty(); // a unit where the parameter takes none
        }
        double baseSize = (base.group(1).isEmpty() ? 1 : Integer.parseInt(base.group(1)));
        Map<String, Double> family = BYTES.containsKey(base.group(2)) ? BYTES : MICROSECONDS;
        Double from = family.get(unit);
        if (from == null) {
            return OptionalDouble.empty(); // a time unit for a memory parameter, "mb" for "MB"...
        }
        return OptionalDouble.of(number * from / (baseSize * family.get(base.group(2))));
    }

    private static double parseNumber(String text) {
        String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        double sign = text.startsWith("-") ? -1 : 1;
        if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
            return sign * Long.parseLong(unsigned.substring(2), 16);
        }
        if (unsigned.length() > 1 && unsigned.startsWith("0") && unsigned.chars().allMatch(Character::isDigit)) {
            return sign * Long.parseLong(unsigned, 8);
        }
        return Double.parseDouble(text);
    }
}
