package io.jpatroni.pycompat;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** When a value read from JSON or YAML counts as true. */
public final class PyTruth {
    private PyTruth() {
    }

    /**
     * A flag such as a member tag ({@code nofailover}, {@code noloadbalance}, {@code clonefrom}, {@code nosync},
     * {@code nostream}), {@code pause}, {@code pending_restart} or a request's {@code force}: a boolean as it is, a
     * number when not zero, a string when it reads {@code true}, {@code yes}, {@code on}, {@code 1}, {@code y} or
     * {@code t} (any case, surrounding blanks ignored). Anything else, {@code null} included, is false. Patroni takes
     * these values as YAML or JSON booleans; jpatroni also accepts the words a hand-written YAML or a shell-set
     * environment variable gives them, and reads {@code "false"} as false where Python's {@code bool()} would not.
     */
    public static boolean flag(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof CharSequence s) {
            return switch (s.toString().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1", "y", "t" -> true;
                default -> false;
            };
        }
        return false;
    }

    /**
     * Python's {@code bool(value)}, as patronictl tests a cell or a column: false for {@code None}, {@code False},
     * zero, and an empty string, mapping or list; true for everything else.
     */
    public static boolean bool(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }
}
