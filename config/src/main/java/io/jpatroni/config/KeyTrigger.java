package io.jpatroni.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which values of a key ask for what jpatroni does not do: {@code synchronous_mode: false} asks for
 * nothing, {@code true} does. Values compare as lower-case text ({@code true}, {@code required}, {@code 1}).
 */
public record KeyTrigger(Kind kind, Set<String> values) {

    public enum Kind {
        /** Any value but an empty one (null, "", {}, []). */
        SET,
        /** Any value but a false boolean (false, off, no, 0): {@code quorum} counts. */
        NOT_FALSE,
        /** One of {@code values}. */
        IS,
        /** Any value but one of {@code values}. */
        IS_NOT
    }

    public KeyTrigger {
        values = Set.copyOf(values);
    }

    public static KeyTrigger set() {
        return new KeyTrigger(Kind.SET, Set.of());
    }

    public static KeyTrigger notFalse() {
        return new KeyTrigger(Kind.NOT_FALSE, Set.of());
    }

    public static KeyTrigger is(String... values) {
        return new KeyTrigger(Kind.IS, Set.of(values));
    }

    public static KeyTrigger isNot(String... values) {
        return new KeyTrigger(Kind.IS_NOT, Set.of(values));
    }

    /** True when {@code value} (as read from YAML or JSON) asks for the key's effect. */
    public boolean matches(Object value) {
        if (isEmpty(value)) {
            return false;
        }
        return switch (kind) {
            case SET -> true;
            case NOT_FALSE -> !Section.toBoolean(value).equals(Optional.of(false));
            case IS -> values.contains(text(value));
            case IS_NOT -> !values.contains(text(value));
        };
    }

    /** How the documentation shows it: {@code set}, {@code not false}, {@code = required}, {@code != 1}. */
    public String describe() {
        return switch (kind) {
            case SET -> "set";
            case NOT_FALSE -> "not false";
            case IS -> "= " + String.join(", ", values.stream().sorted().toList());
            case IS_NOT -> "!= " + String.join(", ", values.stream().sorted().toList());
        };
    }

    private static boolean isEmpty(Object value) {
        return value == null
                || value instanceof String s && s.isBlank()
                || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof List<?> l && l.isEmpty();
    }

    private static String text(Object value) {
        return String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    }
}
