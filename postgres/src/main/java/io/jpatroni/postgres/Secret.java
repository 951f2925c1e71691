package io.jpatroni.postgres;

import java.util.Objects;

/** A password that never shows up in logs or exception messages. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    @Override
    public String toString() {
        return "******";
    }
}
