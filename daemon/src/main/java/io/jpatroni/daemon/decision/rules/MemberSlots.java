package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotName;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The physical replication slots a member keeps for the other members, as Patroni's {@code get_replication_slots}
 * decides them; slots named by {@link SlotName#of}. Whatever else is physical and inactive is dropped.
 */
public final class MemberSlots {
    private MemberSlots() {
    }

    /**
     * On the leader: one slot per other member that streams from it ({@link Cascade#feederOf}: no {@code nostream}
     * tag, and no {@code replicatefrom} member that can feed it instead), as Patroni's {@code get_replication_slots}.
     */
    public static Set<String> onLeader(Cluster cluster, String me) {
        return fedBy(cluster, Optional.of(me), me);
    }

    /** The slot names of the members that stream from {@code me} while {@code leader} leads. */
    static Set<String> fedBy(Cluster cluster, Optional<String> leader, String me) {
        return cluster.members().stream()
                .filter(m -> !m.name().equals(me))
                .filter(m -> Cascade.feederOf(cluster, leader, m).filter(me::equals).isPresent())
                .map(Member::name).map(SlotName::of)
                .collect(Collectors.toSet());
    }

    /**
     * {@code member_slots_ttl}: the physical slots present here of members that left the DCS less than {@code ttl}
     * ago (by when this daemon last saw them), kept although nobody streams from them; none with a zero ttl.
     */
    public static Set<String> retained(Cluster cluster, String me, SlotFacts facts, Duration ttl, Instant now) {
        if (ttl.isZero()) {
            return Set.of();
        }
        Set<String> current = cluster.members().stream().map(Member::name).map(SlotName::of)
                .collect(Collectors.toSet());
        return facts.membersSeen().entrySet().stream()
                .filter(e -> !current.contains(e.getKey()) && !e.getKey().equals(SlotName.of(me)))
                .filter(e -> now.isBefore(e.getValue().plus(ttl)))
                .map(Map.Entry::getKey)
                .filter(n -> facts.get(n).filter(s -> !s.isLogical()).isPresent())
                .collect(Collectors.toSet());
    }

    /**
     * On a running replica: a slot for each member that streams from this one ({@code replicatefrom} naming it, and
     * it can feed that member: {@link Cascade#feederOf}; never the leader), and no other. A former primary's slots would otherwise keep holding WAL on it for good; Patroni
     * drops them the first cycle it runs as a replica. Empty (leave the slots alone) when PostgreSQL is not a
     * running replica, when the cluster is paused (Patroni drops nothing in pause) or without {@code use_slots}
     * (the leader does not manage slots then either).
     */
    public static Optional<Set<String>> onReplica(Cluster cluster, String me, Observation observation,
                                                  boolean useSlots) {
        if (!useSlots || !observation.isRunning() || !observation.inRecovery() || cluster.isPaused()) {
            return Optional.empty();
        }
        return Optional.of(fedBy(cluster, cluster.leaderName(), me));
    }
}
