package io.jpatroni.postgres.param;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one PostgreSQL parameter accepts in a range of major versions: one row of {@code parameters.tsv}.
 *
 * @param until  first major version without it (exclusive); empty while PostgreSQL still has it
 * @param kind   GUC, or RECOVERY: a recovery.conf setting before 12, a server parameter from 12
 * @param unit   pg_settings.unit, "-" for none
 * @param values accepted enum spellings, lower case (hidden ones included: on/off, archive...)
 */
public record ParameterRule(String name, MajorVersion since, Optional<MajorVersion> until, Kind kind, String context,
                            Type type, String unit, String min, String max, List<String> values) {
    public enum Kind { GUC, RECOVERY }

    public enum Type { BOOL, INTEGER, REAL, ENUM, STRING }

    public ParameterRule {
        values = List.copyOf(values);
    }

    public boolean appliesTo(MajorVersion v) {
        return v.isAtLeast(since) && until.map(v::isBefore).orElse(true);
    }

    /** Set by initdb or compiled in (block_size, server_version, data_checksums...): no file may set it. */
    public boolean isInternal() {
        return "internal".equals(context);
    }

    /** What the postmaster would do with {@code value}, as Patroni's validator judges it. Pure. */
    public Verdict check(String value) {
        if (isInternal()) {
            return Verdict.drop("cannot be set: PostgreSQL fixes it at initdb or compile time");
        }
        return switch (type) {
            case STRING -> Verdict.keep(value);
            case BOOL -> isBool(value) ? Verdict.keep(value) : Verdict.drop("'" + value + "' is not a boolean");
            case ENUM -> values.contains(value.strip().toLowerCase(Locale.ROOT)) ? Verdict.keep(value)
                    : Verdict.drop("'" + value + "' is not one of " + String.join(", ", values));
            case INTEGER, REAL -> checkNumber(value);
        };
    }

    private Verdict checkNumber(String value) {
        OptionalDouble parsed = SettingNumber.inBaseUnit(value, unit);
        if (parsed.isEmpty()) {
            return Verdict.drop("'" + value + "' is not " + (type == Type.INTEGER ? "an integer" : "a number")
                    + (unit.equals("-") ? "" : " (base unit " + unit + ")"));
        }
        double n = type == Type.INTEGER ? Math.rint(parsed.getAsDouble()) : parsed.getAsDouble();
        if (!min.equals("-") && n < Double.parseDouble(min)) {
            return Verdict.replace(min, "'" + value + "' is below the minimum " + min + unitSuffix());
        }
        if (!max.equals("-") && n > Double.parseDouble(max)) {
            return Verdict.replace(max, "'" + value + "' is above the maximum " + max + unitSuffix());
        }
        return Verdict.keep(value);
    }

    private String unitSuffix() {
        return unit.equals("-") ? "" : unit;
    }

    static boolean isBool(String value) {
        return parseBool(value).isPresent();
    }

    /** PostgreSQL's parse_bool: on, off, true, false, yes, no, 1, 0 and unambiguous prefixes, any case. */
    public static Optional<Boolean> parseBool(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1")) {
            return Optional.of(true);
        }
        if ("false".startsWith(v) || "no".startsWith(v) || v.equals("of") || v.equals("off") || v.equals("0")) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** Keep the value, write another one instead (clamped to the range), or drop the parameter. */
    public record Verdict(Optional<String> value, Optional<String> reason) {
        static Verdict keep(String value) {
            return new Verdict(Optional.of(value), Optional.empty());
        }

        static Verdict replace(String value, String reason) {
            return new Verdict(Optional.of(value), Optional.of(reason));
        }

        static Verdict drop(String reason) {
            return new Verdict(Optional.empty(), Optional.of(reason));
        }

        public boolean isDrop() {
            return value.isEmpty();
        }
    }
}
