package io.jpatroni.dcs.model;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A switchover/failover request ({@code failover} key): {@code leader} to step down, {@code candidate} to take over,
 * at {@code scheduledAt} or at once. Read from the DCS only when it names a leader or a candidate; {@link #cleared()}
 * is the {@code {}} Patroni leaves behind once a request is done.
 */
public record Failover(long modRevision, Optional<String> leader, Optional<String> candidate,
                       Optional<OffsetDateTime> scheduledAt) {

    /** A request to write (its mod revision is the store's business). */
    public static Failover of(Optional<String> leader, Optional<String> candidate,
                              Optional<OffsetDateTime> scheduledAt) {
        return new Failover(0, leader, candidate, scheduledAt);
    }

    /** No request: written as {@code {}}. */
    public static Failover cleared() {
        return of(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
