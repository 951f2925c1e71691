package io.jpatroni.postgres.param;

import java.util.Optional;

/**
 * A configured parameter that is not written as given: converted for this major version (wal_keep_segments to
 * wal_keep_size), clamped into its range, or dropped because PostgreSQL would refuse to start with it.
 *
 * @param writtenAs what is written instead ({@code name = value}); empty when the parameter is dropped
 */
public record Adjustment(String name, String value, Optional<String> writtenAs, String reason, boolean warning) {

    /** PostgreSQL would refuse to start with it: a warning. */
    public static Adjustment dropped(String name, String value, String reason) {
        return new Adjustment(name, value, Optional.empty(), reason, true);
    }

    /** Out of range: the nearest valid value is written (a warning, as Patroni's validator logs it). */
    public static Adjustment clamped(String name, String value, String writtenAs, String reason) {
        return new Adjustment(name, value, Optional.of(writtenAs), reason, true);
    }

    /** The same setting under this version's name or spelling (wal_keep_segments to wal_keep_size): information. */
    public static Adjustment converted(String name, String value, String writtenAs, String reason) {
        return new Adjustment(name, value, Optional.of(writtenAs), reason, false);
    }

    public boolean isDrop() {
        return writtenAs.isEmpty();
    }

    /** One log line naming the parameter, its value and what happens to it. */
    public String message() {
        return writtenAs.map(w -> "PostgreSQL parameter " + name + " = '" + value + "' is written as " + w + ": "
                        + reason)
                .orElseGet(() -> "PostgreSQL parameter " + name + " = '" + value + "' is not written: " + reason);
    }
}
