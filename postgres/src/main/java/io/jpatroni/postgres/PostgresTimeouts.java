package io.jpatroni.postgres;

import java.time.Duration;

/** Limits for the long operations (pg_ctl has its own {@code pg_ctl_timeout} in {@link PostgresSettings}). */
public record PostgresTimeouts(Duration replicaCreation, Duration basebackupRetryDelay, Duration rewind) {
    public static PostgresTimeouts defaults() {
        return new PostgresTimeouts(Duration.ofHours(24), Duration.ofSeconds(5), Duration.ofHours(1));
    }
}
