package io.jpatroni.daemon.decision;

import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Leader;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.dcs.model.Status;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.TimelineHistory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Builds DCS cluster views for decision tables: {@code cluster().initialized("7000000000000000042").leader("node1").member("node2")}. */
final class ClusterFixture {
    private Optional<String> initialize = Optional.empty();
    private Optional<String> leader = Optional.empty();
    private final List<Member> members = new ArrayList<>();
    private long lastLsn;
    private Optional<TimelineHistory> history = Optional.empty();
    private Optional<Failover> failover = Optional.empty();
    private Optional<ClusterConfig> config = Optional.empty();
    private Map<String, Long> slotPositions = Map.of();
    private Optional<SyncState> sync = Optional.empty();
    private Optional<Map<String, String>> failsafe = Optional.empty();

    /** The system identifier of the decision tables' cluster. */
    static final String SYSID = "7000000000000000042";

    static ClusterFixture cluster() {
        return new ClusterFixture();
    }

    /** An initialized cluster whose lock {@code leader} holds. */
    static ClusterFixture led(String leader) {
        return cluster().initialized(SYSID).leader(leader);
    }

    /** An initialized cluster nobody leads. */
    static ClusterFixture unlocked() {
        return cluster().initialized(SYSID);
    }

    ClusterFixture initialized(String sysid) {
        initialize = Optional.of(sysid);
        return this;
    }

    ClusterFixture leader(String name) {
        leader = Optional.of(name);
        return member(name);
    }

    ClusterFixture member(String name) {
        return member(name, Map.of());
    }

    ClusterFixture member(String name, Map<String, Object> extra) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conn_url", "postgres://127.0.0.1:5432/postgres");
        data.put("api_url", "http://127.0.0.1:8008/patroni");
        data.put("state", "running");
        data.put("role", leader.filter(name::equals).isPresent() ? "master" : "replica");
        data.putAll(extra);
        members.add(new Member(name, 1, OptionalLong.empty(), data));
        return this;
    }

    ClusterFixture lastLsn(long lsn) {
        lastLsn = lsn;
        return this;
    }

    ClusterFixture timeline(long tl) {
        List<TimelineHistory.HistoryLine> lines = new ArrayList<>();
        for (long t = 1; t < tl; t++) {
            lines.add(new TimelineHistory.HistoryLine(t, 0, "no recovery target specified",
                    Optional.empty(), Optional.empty()));
        }
        history = Optional.of(new TimelineHistory(1, "[...]", lines));
        return this;
    }

    /** A switchover (leader set) or failover request; null for an absent field. */
    ClusterFixture failover(String leader, String candidate) {
        failover = Optional.of(new Failover(7, Optional.ofNullable(leader),
                Optional.ofNullable(candidate), Optional.empty()));
        return this;
    }

    ClusterFixture scheduledSwitchover(String leader, String candidate, Instant at) {
        failover = Optional.of(new Failover(7, Optional.of(leader), Optional.of(candidate),
                Optional.of(at.atOffset(ZoneOffset.UTC))));
        return this;
    }

    /** The cluster has a {@code config} key (not paused). */
    ClusterFixture configured() {
        config = Optional.of(new ClusterConfig(3, "{\"ttl\":30}", Map.of("ttl", 30)));
        return this;
    }

    /** The {@code config} key holds {@code data} (slots, ignore_slots...). */
    ClusterFixture config(Map<String, Object> data) {
        config = Optional.of(new ClusterConfig(3, "{}", data));
        return this;
    }

    /** The leader's {@code status} key reports these slot positions. */
    ClusterFixture slotPositions(Map<String, Long> positions) {
        this.slotPositions = Map.copyOf(positions);
        return this;
    }

    ClusterFixture paused() {
        config = Optional.of(new ClusterConfig(3, "{\"pause\":true}", Map.of("pause", true)));
        return this;
    }

    /** The {@code sync} key (revision 5) as {@code leader} wrote it. */
    ClusterFixture sync(String leader, String... standbys) {
        sync = Optional.of(new SyncState(5, Optional.ofNullable(leader), Set.of(standbys), OptionalInt.empty()));
        return this;
    }

    /** Patroni 4's {@code sync} key with voters and a quorum. */
    ClusterFixture quorumSync(String leader, int quorum, String... voters) {
        sync = Optional.of(new SyncState(5, Optional.ofNullable(leader), Set.of(voters), OptionalInt.of(quorum)));
        return this;
    }

    /** The cluster's {@code config} key has {@code synchronous_mode: value} (true or "quorum"). */
    ClusterFixture synchronousMode(Object value) {
        config = Optional.of(new ClusterConfig(3, "{}", Map.of("synchronous_mode", value)));
        return this;
    }

    /** The {@code failsafe} key, {@code name, api_url, name, api_url...} in this order. */
    ClusterFixture failsafe(String... nameThenUrl) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < nameThenUrl.length; i += 2) {
            key.put(nameThenUrl[i], nameThenUrl[i + 1]);
        }
        failsafe = Optional.of(key);
        return this;
    }

    Cluster build() {
        return new Cluster(initialize, config,
                leader.map(l -> new Leader(1, l, members.stream().filter(m -> m.name().equals(l)).findFirst())),
                new Status(lastLsn, slotPositions, List.of()), members, failover, sync, history,
                failsafe);
    }
}
