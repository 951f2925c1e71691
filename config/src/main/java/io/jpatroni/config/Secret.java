package io.jpatroni.config;

import java.util.Objects;

/** A password or other secret: never printed, never logged, never part of a problem message. */
public final class Secret {
    private static final String MASK = "******";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The clear text, for the one place that must send it (a DB connection, an HTTP header). */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
