package io.jpatroni.postgres.bootstrap;

import java.util.Objects;
import java.util.Optional;

/** One {@code bootstrap.initdb} entry: a flag ({@code data-checksums}) or a key/value ({@code encoding: UTF8}). */
public record InitdbOption(String name, Optional<String> value) {
    public InitdbOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isBlank() || name.startsWith("-")) {
            throw new IllegalArgumentException("initdb option name must be bare, got '" + name + "'");
        }
    }

    public static InitdbOption flag(String name) {
        return new InitdbOption(name, Optional.empty());
    }

    public static InitdbOption of(String name, String value) {
        return new InitdbOption(name, Optional.of(value));
    }

    public String argument() {
        return "--" + name + value.map(v -> "=" + v).orElse("");
    }
}
