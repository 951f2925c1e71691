package io.jpatroni.dcs.model;

import io.jpatroni.pycompat.PyTruth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything stored under one cluster's prefix, read in one consistent range request. */
public record Cluster(Optional<String> initialize, Optional<ClusterConfig> config, Optional<Leader> leader,
                      Status status, List<Member> members, Optional<Failover> failover,
                      Optional<SyncState> sync, Optional<TimelineHistory> history,
                      Optional<Map<String, String>> failsafe) {

    public Cluster {
        members = List.copyOf(members);
        failsafe = failsafe.map(f -> Collections.unmodifiableMap(new LinkedHashMap<>(f))); // the key's order
    }

    /** A cluster with no keys at all. */
    public static Cluster empty() {
        return new Cluster(Optional.empty(), Optional.empty(), Optional.empty(), Status.EMPTY, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** True when nobody holds the leader lock. */
    public boolean isUnlocked() {
        return leaderName().isEmpty();
    }

    public Optional<String> leaderName() {
        return leader.map(Leader::name).filter(n -> !n.isEmpty());
    }

    public Optional<Member> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public boolean hasMember(String name) {
        return member(name).isPresent();
    }

    /** Last leader LSN known from the {@code status} key (0 when unknown). */
    public long lastLsn() {
        return status.lastLsn();
    }

    /** The {@code initialize} key holds a value (maybe "" while bootstrapping). */
    public boolean isInitialized() {
        return initialize.isPresent();
    }

    /** {@code config} has {@code pause: true}. */
    public boolean isPaused() {
        return config.map(c -> PyTruth.flag(c.data().get("pause"))).orElse(false);
    }

    /** {@code config} has {@code synchronous_mode} on: {@code true} (or a word for it), or Patroni 4's quorum. */
    public boolean isSynchronousMode() {
        return isQuorumCommitMode()
                || config.map(c -> PyTruth.flag(c.data().get("synchronous_mode"))).orElse(false);
    }

    /** {@code config} has {@code synchronous_mode: quorum} (Patroni 4's quorum commit). */
    public boolean isQuorumCommitMode() {
        return config.map(c -> c.data().get("synchronous_mode"))
                .filter(v -> v instanceof String s && "quorum".equalsIgnoreCase(s.trim())).isPresent();
    }

    /**
     * The role a member shows in {@code list} and {@code /cluster} besides the leader's: {@code quorum_standby} or
     * {@code sync_standby} when the {@code sync} key names it (in quorum commit mode the former), else
     * {@code replica}.
     */
    public String standbyRole(String name) {
        boolean listed = sync.filter(s -> s.leader().isPresent() && s.matches(name)).isPresent();
        if (!listed) {
            return "replica";
        }
        return isQuorumCommitMode() ? "quorum_standby" : "sync_standby";
    }

    /**
     * The cluster timeline as Patroni computes it: last history line's timeline + 1, 1 for a
     * history of {@code []}, 0 when there is no (parsable) history.
     */
    public long timeline() {
        if (history.isEmpty()) {
            return 0;
        }
        TimelineHistory h = history.get();
        if (!h.lines().isEmpty()) {
            return h.lines().get(h.lines().size() - 1).timeline() + 1;
        }
        return "[]".equals(h.rawValue().trim()) ? 1 : 0;
    }
}
