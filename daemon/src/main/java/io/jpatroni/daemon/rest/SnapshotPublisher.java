package io.jpatroni.daemon.rest;

import io.jpatroni.daemon.loop.CycleResult;
import io.jpatroni.daemon.loop.Failsafe;
import io.jpatroni.daemon.loop.Leadership;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.publish.MemberData;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.dcs.model.TimelineHistory;
import io.jpatroni.restapi.ClusterBody;
import io.jpatroni.restapi.HistoryRow;
import io.jpatroni.restapi.NodeSnapshot;
import io.jpatroni.restapi.NodeStatusSource;
import io.jpatroni.restapi.PostgresStatus;
import io.jpatroni.restapi.Xlog;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Turns each cycle's result into the immutable snapshot the REST API serves, so that no request
 * ever queries PostgreSQL or the DCS. A lost lock is published at once, not at the end of the cycle.
 */
public final class SnapshotPublisher implements NodeStatusSource {
    private final String name;
    private final String scope;
    private final Leadership leadership;
    private final Failsafe failsafe;
    private final AtomicReference<NodeSnapshot> current;
    private volatile BooleanSupplier watchdogHealthy = () -> true;

    public SnapshotPublisher(String name, String scope, Leadership leadership, Clock clock, Duration ttl) {
        this(name, scope, leadership, clock, ttl, new Failsafe(""));
    }

    /** @param failsafe the failsafe key as last seen, and the primary's last {@code POST /failsafe} */
    public SnapshotPublisher(String name, String scope, Leadership leadership, Clock clock, Duration ttl,
                             Failsafe failsafe) {
        this.name = name;
        this.scope = scope;
        this.leadership = leadership;
        this.failsafe = failsafe;
        this.current = new AtomicReference<>(NodeSnapshot.initial(name, scope, MemberData.PATRONI_VERSION,
                clock.instant(), ttl));
    }

    /** Where {@code watchdog_failed} comes from: false when {@code mode: required} cannot be met. */
    public void watchdogHealth(BooleanSupplier healthy) {
        this.watchdogHealthy = healthy;
    }

    @Override
    public NodeSnapshot current() {
        return current.get();
    }

    /** The lock is gone: stop answering 200 on /primary right now. */
    public void lockLost() {
        current.updateAndGet(s -> s.toBuilder().leaderLockValidUntil(null).promotionFinished(false).build());
    }

    /** @param state Patroni's state word when a background task overrides the postmaster's ("creating replica") */
    public void publish(CycleResult r, Map<String, Object> tags, String state) {
        Observation obs = r.observation();
        NodeSnapshot.Builder b = NodeSnapshot.builder(name, scope, MemberData.PATRONI_VERSION)
                .state(state)
                .role(MemberData.role(obs, MemberData.isStandbyLeader(r)))
                .tags(tags)
                .databaseSystemIdentifier(obs.systemId().orElse(null))
                .pendingRestart(obs.pendingRestart(), Map.of())
                .maximumLagOnFailover(r.settings().maximumLagOnFailover())
                .leaderLockValidUntil(leadership.validUntil().orElse(null))
                .promotionFinished(leadership.isPromoted())
                .failsafeModeIsActive(failsafeIsActive(r))
                .failsafe(failsafe.topology().orElse(null))
                .lastHaLoopRun(r.at())
                .ttl(r.settings().ttl())
                .dcsLastSeen(r.at().getEpochSecond())
                .watchdogFailed(!watchdogHealthy.getAsBoolean());
        postgresStatus(obs).ifPresentOrElse(b::postgres, b::noPostgres);
        r.cluster().ifPresentOrElse(c -> withCluster(b, c), () -> b.dcs(false, false));
        boolean listed = r.cluster().flatMap(c -> c.sync()).filter(k -> k.leader().isPresent() && k.matches(name))
                .isPresent() && NodeSnapshot.ROLE_REPLICA.equals(MemberData.role(obs))
                && r.settings().sync().enabled();
        b.syncStandby(listed && !r.settings().sync().quorum()).quorumStandby(listed && r.settings().sync().quorum());
        NodeSnapshot previous = current.get();
        if (r.cluster().isEmpty()) {
            b.dcsLastSeen(previous.dcsLastSeen()).cluster(previous.cluster()).history(previous.history())
                    .configJson(previous.configJson().orElse(null));
        }
        current.set(b.build());
    }

    /**
     * Patroni's {@code failsafe_is_active}: on a primary, its leadership rests on a confirmation round; on a replica,
     * a primary sent it {@code POST /failsafe} within ttl (so the two may differ, as in Patroni).
     */
    private boolean failsafeIsActive(CycleResult r) {
        return leadership.isExtendedByFailsafe()
                || failsafe.ping().filter(p -> p.isFresh(r.at(), r.settings().ttl())).isPresent();
    }

    private static void withCluster(NodeSnapshot.Builder b, Cluster c) {
        b.dcs(true, c.isUnlocked())
                .pause(c.isPaused())
                .clusterLeaderLsn(c.lastLsn())
                .cluster(clusterBody(c))
                .history(c.history().map(SnapshotPublisher::history).orElse(List.of()))
                .configJson(c.config().map(cfg -> cfg.rawJson()).orElse(null));
    }

    static Optional<PostgresStatus> postgresStatus(Observation obs) {
        if (!obs.isRunning() || obs.postmasterStartTime().isEmpty()) {
            return Optional.empty();
        }
        if (!obs.inRecovery()) {
            return Optional.of(PostgresStatus.primary(obs.postmasterStartTime().get(), obs.serverVersion(),
                    obs.currentLsn().orElse(0), obs.timeline(), obs.replication().stream()
                            .map(r -> new PostgresStatus.ReplicationRow(r.usename(), r.applicationName(),
                                    r.clientAddr(), r.state(), r.syncState(), r.syncPriority()))
                            .toList()));
        }
        Xlog.Replica xlog = new Xlog.Replica(obs.receivedLsn().orElse(0), obs.replayedLsn().orElse(0),
                obs.replayedTimestamp(), obs.replayPaused());
        return Optional.of(PostgresStatus.replica(obs.postmasterStartTime().get(), obs.serverVersion(), xlog,
                obs.timeline(), Optional.empty()));
    }

    static ClusterBody clusterBody(Cluster c) {
        Optional<String> leader = c.leaderName();
        List<ClusterBody.MemberBody> members = c.members().stream()
                .sorted(Comparator.comparing(Member::name))
                .map(m -> memberBody(m, leader.filter(m.name()::equals).isPresent(), c.standbyRole(m.name()),
                        c.lastLsn(), standbyCluster(c)))
                .toList();
        return new ClusterBody(members, c.isPaused(), Optional.empty());
    }

    /** Patroni's cluster_as_json: the leader of a cluster whose config key has a standby_cluster is its standby_leader. */
    private static boolean standbyCluster(Cluster c) {
        return c.config().flatMap(cfg -> io.jpatroni.daemon.model.StandbyCluster.of(
                Optional.ofNullable(cfg.data().get("standby_cluster")).filter(Map.class::isInstance)
                        .map(v -> {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> m = (Map<String, Object>) v;
                            return m;
                        }))).isPresent();
    }

    private static ClusterBody.MemberBody memberBody(Member m, boolean isLeader, String standbyRole,
                                                     long leaderLsn, boolean standby) {
        OptionalLong lag = OptionalLong.empty();
        if (!isLeader && m.xlogLocation().isPresent() && leaderLsn > 0) {
            lag = OptionalLong.of(Math.max(0, leaderLsn - m.xlogLocation().getAsLong()));
        }
        return new ClusterBody.MemberBody(m.name(), isLeader ? (standby ? "standby_leader" : "leader") : standbyRole,
                m.state(),
                m.apiUrl().orElse(""), m.host(), m.port().isPresent() ? OptionalInt.of(m.port().getAsInt())
                : OptionalInt.empty(), m.timeline(), m.tags(), m.pendingRestart(), m.scheduledRestart(), lag);
    }

    private static List<HistoryRow> history(TimelineHistory h) {
        return h.lines().stream()
                .map(l -> new HistoryRow(l.timeline(), l.lsn(), l.reason(), l.timestamp(), l.newLeader()))
                .toList();
    }
}
