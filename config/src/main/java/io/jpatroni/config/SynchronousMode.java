package io.jpatroni.config;

import java.util.Locale;
import java.util.Optional;

/** {@code synchronous_mode}: a boolean in Patroni 3, also {@code quorum} in Patroni 4. */
public enum SynchronousMode {
    OFF, ON, QUORUM;

    static Optional<SynchronousMode> parse(Object value) {
        if (value instanceof String s && "quorum".equals(s.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of(QUORUM);
        }
        return Section.toBoolean(value).map(b -> b ? ON : OFF);
    }

    /** The value written back to the DCS: a boolean, or "quorum". */
    public Object toJson() {
        return switch (this) {
            case OFF -> false;
            case ON -> true;
            case QUORUM -> "quorum";
        };
    }
}
