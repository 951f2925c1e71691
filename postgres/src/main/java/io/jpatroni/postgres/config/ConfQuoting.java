package io.jpatroni.postgres.config;

/** Quoting rules of postgresql.conf values and libpq conninfo values. Pure. */
public final class ConfQuoting {
    private ConfQuoting() {
    }

    /** {@code 'value'} with embedded quotes doubled, as postgresql.conf accepts. */
    public static String confValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A conninfo value: bare when safe, else single-quoted with backslash escapes. */
    public static String conninfoValue(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '\\' || c == '=')) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
