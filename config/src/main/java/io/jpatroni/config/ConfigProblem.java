package io.jpatroni.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration problem, located by its YAML path ({@code restapi.listen}).
 *
 * <p>{@code value} is the offending value as the user wrote it; it is empty for secrets and for
 * problems about a missing key. Renders as {@code restapi.listen: "abc" is not host:port}.
 */
public record ConfigProblem(String path, Optional<String> value, String message) {

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(message, "message");
    }

    /** A problem about a value that may be shown (password-like keys inside it are masked). */
    public static ConfigProblem of(String path, Object value, String message) {
        return new ConfigProblem(path, Optional.of(String.valueOf(Maps.maskedValue(value))), message);
    }

    /** A problem that shows no value: missing keys, secrets, whole sections. */
    public static ConfigProblem at(String path, String message) {
        return new ConfigProblem(path, Optional.empty(), message);
    }

    /** {@code path: "value" message}, or {@code path: message} without a value. */
    public String render() {
        String text = value.map(v -> "\"" + v + "\" " + message).orElse(message);
        return path.isEmpty() ? text : path + ": " + text;
    }

    @Override
    public String toString() {
        return render();
    }
}
