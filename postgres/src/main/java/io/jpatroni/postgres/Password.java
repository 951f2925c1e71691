package io.jpatroni.postgres;

import java.util.Objects;

/** A password that never shows up in logs or exception messages. */
public record Password(String value) {
    public Password {
        Objects.requireNonNull(value, "value");
    }

    public static Password of(String value) {
        return new Password(value);
    }

    @Override
    public String toString() {
        return "******";
    }
}
