package io.jpatroni.dcs.model;

import java.time.OffsetDateTime;
import java.util.Optional;

/** A switchover/failover request ({@code failover} key): {@code leader} to step down, {@code candidate} to take over. */
public record Failover(long modRevision, Optional<String> leader, Optional<String> candidate,
                       Optional<OffsetDateTime> scheduledAt) {
}
