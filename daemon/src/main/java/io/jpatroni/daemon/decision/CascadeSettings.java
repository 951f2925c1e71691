package io.jpatroni.daemon.decision;

import java.time.Duration;
import java.util.Optional;

/**
 * Where this node takes its WAL from, and how long member slots outlive their member.
 *
 * @param replicateFrom  the {@code replicatefrom} tag: stream from that member while it runs and can feed us
 * @param noStream       the {@code nostream} tag (Patroni 4): no streaming at all, WAL only through restore_command
 * @param memberSlotsTtl {@code member_slots_ttl} (Patroni 4): how long the slot of a member that left is kept;
 *                       zero drops it at once (Patroni 3.0.2's behaviour and jpatroni's default)
 */
public record CascadeSettings(Optional<String> replicateFrom, boolean noStream, Duration memberSlotsTtl) {
    /** Streaming from the leader, member slots dropped with their member. */
    public static final CascadeSettings NONE = new CascadeSettings(Optional.empty(), false, Duration.ZERO);

    public CascadeSettings {
        replicateFrom = replicateFrom.filter(s -> !s.isEmpty());
        memberSlotsTtl = memberSlotsTtl.isNegative() ? Duration.ZERO : memberSlotsTtl;
    }
}
