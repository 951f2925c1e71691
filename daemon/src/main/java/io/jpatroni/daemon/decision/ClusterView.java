package io.jpatroni.daemon.decision;

import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.util.Optional;

/**
 * The DCS cluster seen from this node, with the settings the decision needs.
 *
 * @param cluster   the cluster as loaded this cycle; when the DCS did not answer, the cluster as last seen (the loop
 *                  keeps it, as Patroni keeps its {@code self.cluster}) or {@link Cluster#empty()}: only the
 *                  {@code dcs-unreachable} row reads it then, for maintenance mode
 * @param reachable whether the DCS answered this cycle
 */
public record ClusterView(Cluster cluster, HaSettings settings, boolean reachable) {

    /** @param cluster the cluster as loaded this cycle; empty when the DCS could not be reached */
    public static ClusterView of(Optional<Cluster> cluster, HaSettings settings) {
        return new ClusterView(cluster.orElseGet(Cluster::empty), settings, cluster.isPresent());
    }

    public String me() {
        return settings.me();
    }

    public boolean isUnlocked() {
        return cluster.leader().isEmpty();
    }

    public Optional<String> leaderName() {
        return cluster.leader().map(l -> l.name());
    }

    public boolean holdsLock() {
        return leaderName().filter(me()::equals).isPresent();
    }

    public boolean isInitialized() {
        return cluster.initialize().isPresent();
    }

    /**
     * Patroni's {@code sysid_valid}: a system identifier has at least 10 digits (initdb's time in seconds
     * shifted left by 32 bits), so {@code ""} (bootstrap under way) and garbage are not one.
     */
    public static boolean isValidSystemId(String sysid) {
        return sysid.length() >= 10 && sysid.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The initialize key holds a valid system identifier. */
    public Optional<String> initializedSystemId() {
        return cluster.initialize().filter(ClusterView::isValidSystemId);
    }

    /** The initialize key exists but holds no system identifier yet: a bootstrap is under way. */
    public boolean isBootstrapping() {
        return cluster.initialize().filter(String::isEmpty).isPresent();
    }

    public Optional<Member> member(String name) {
        return cluster.members().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Another running member may be promoted (Patroni's is_failover_possible, without the REST round trip). */
    public boolean isFailoverPossible() {
        return cluster.members().stream()
                .anyMatch(m -> !m.name().equals(me()) && m.isRunning() && !m.noFailover());
    }

    /** The member a new replica should clone from: a running {@code clonefrom} member, else the leader. */
    public Optional<String> cloneSource() {
        Optional<String> cloneFrom = cluster.members().stream()
                .filter(m -> !m.name().equals(me()) && m.cloneFrom() && m.isRunning())
                .map(Member::name)
                .findFirst();
        return cloneFrom.or(this::leaderName);
    }
}
