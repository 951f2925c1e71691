package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who feeds whom: Patroni's {@code _get_node_to_follow} for this node and, from the member keys, for every other
 * member, so that the member a replica streams from is the one that keeps its slot (and nobody else does).
 *
 * <p>A member tagged {@code nostream} streams from nobody (Patroni 4: WAL only from the archive). A member tagged
 * {@code replicatefrom: X} streams from X while X runs, has a connection address and does not, through its own
 * {@code replicatefrom} chain, come back to the member (a loop); otherwise from the leader, and from X again as soon
 * as it can. Patroni 3.0.2 and 4.x follow X whenever its member key exists, even with its PostgreSQL stopped; jpatroni
 * falls back to the leader then, which every node decides alike from the same member keys.
 */
public final class Cascade {
    private Cascade() {
    }

    /** The member this node streams from: nobody for nostream or without a leader, else as {@link #feeder}. */
    public static Optional<String> upstream(ClusterView view) {
        return feeder(view.cluster(), view.cluster().leaderName(), view.me(), view.settings().cascade().replicateFrom(),
                view.settings().cascade().noStream());
    }

    /** The member {@code m} streams from, judged from its member key's tags. */
    public static Optional<String> feederOf(Cluster cluster, Member m) {
        return feederOf(cluster, cluster.leaderName(), m);
    }

    /**
     * The member {@code m} streams from when {@code leader} leads (the lock holder judges with itself as the leader
     * in the cycle it takes the lock, before the cluster it loaded shows it).
     */
    public static Optional<String> feederOf(Cluster cluster, Optional<String> leader, Member m) {
        return feeder(cluster, leader, m.name(), m.replicateFrom(), m.noStream());
    }

    static Optional<String> feeder(Cluster cluster, Optional<String> leaderName, String name,
                                   Optional<String> replicateFrom, boolean noStream) {
        Optional<String> leader = leaderName.filter(l -> !l.isEmpty());
        if (noStream || leader.isEmpty() || leader.get().equals(name)) {
            return Optional.empty();
        }
        Optional<String> named = replicateFrom.filter(r -> !r.equals(name) && !r.equals(leader.get()));
        if (named.isPresent() && canFeed(cluster, named.get(), name, leader.get())) {
            return named;
        }
        return leader;
    }

    /** {@code upstream} runs, can be connected to, and its own replicatefrom chain does not lead back to {@code name}. */
    private static boolean canFeed(Cluster cluster, String upstream, String name, String leader) {
        Optional<Member> m = cluster.member(upstream);
        if (m.isEmpty() || !m.get().isRunning() || MemberTarget.of(m.get()).isEmpty()) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        String current = upstream;
        while (true) {
            if (current.equals(name)) {
                return false;
            }
            if (current.equals(leader) || !seen.add(current)) {
                return true;
            }
            Optional<String> next = cluster.member(current).filter(Member::isRunning)
                    .filter(x -> !x.noStream()).flatMap(Member::replicateFrom);
            if (next.isEmpty()) {
                return true;
            }
            current = next.get();
        }
    }
}
