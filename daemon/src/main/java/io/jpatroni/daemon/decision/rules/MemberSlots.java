package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.SlotName;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
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

    /** On the leader: one slot per other member that streams (no {@code nostream} tag). */
    public static Set<String> onLeader(Cluster cluster, String me) {
        return cluster.members().stream()
                .filter(m -> !m.name().equals(me) && !m.noStream())
                .map(Member::name).map(SlotName::of)
                .collect(Collectors.toSet());
    }

    /**
     * On a running replica: a slot for each member that names this one in its {@code replicatefrom} tag (other than
     * the leader), and no other. A former primary's slots would otherwise keep holding WAL on it for good; Patroni
     * drops them the first cycle it runs as a replica. Empty (leave the slots alone) when PostgreSQL is not a
     * running replica, when the cluster is paused (Patroni drops nothing in pause) or without {@code use_slots}
     * (the leader does not manage slots then either).
     */
    public static Optional<Set<String>> onReplica(Cluster cluster, String me, Observation observation,
                                                  boolean useSlots) {
        if (!useSlots || !observation.isRunning() || !observation.inRecovery() || cluster.isPaused()) {
            return Optional.empty();
        }
        Optional<String> leader = cluster.leaderName();
        return Optional.of(cluster.members().stream()
                .filter(m -> m.replicateFrom().filter(me::equals).isPresent())
                .filter(m -> leader.filter(m.name()::equals).isEmpty())
                .map(Member::name).map(SlotName::of)
                .collect(Collectors.toSet()));
    }
}
