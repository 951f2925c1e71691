package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link Dcs} and {@link ClusterStore} semantics shared by every backend (in-memory here, real etcd in src-it). */
public abstract class KvDcsContract {
    protected static final int TTL = 2;
    protected String scope;
    private final List<Dcs> opened = new ArrayList<>();

    /** A member's DCS on the backend under test, for {@code scope}, namespace {@code /service}. */
    protected abstract Dcs newDcs(String scope, String member, int ttl);

    /** jpatronictl's store on the backend under test, for {@code scope}, namespace {@code /service}. */
    protected abstract ClusterStore newStore(String scope);

    /**
     * Lets leases granted now with {@code ttl} seconds expire: a fake clock is moved past them; on a real store time
     * passes by itself. The test then awaits the effect, for at most {@link #leaseExpiryBound}.
     */
    protected abstract void letLeasesExpire(int ttl);

    /** How long a real store may take to expire a lease of {@code ttl} seconds and tell its watchers. */
    protected static Duration leaseExpiryBound(int ttl) {
        return Duration.ofSeconds(ttl + 5);
    }

    @BeforeEach
    void newScope() {
        scope = "c" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeAll() {
        if (!opened.isEmpty()) {
            opened.get(0).deleteCluster();
        }
        opened.forEach(Dcs::close);
    }

    protected Dcs dcs(String member) {
        Dcs d = newDcs(scope, member, TTL);
        opened.add(d);
        return d;
    }

    protected static Map<String, Object> memberData(String role, int port) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conn_url", "postgres://127.0.0.1:" + port + "/postgres");
        m.put("api_url", "http://127.0.0.1:" + (port + 2576) + "/patroni");
        m.put("state", "running");
        m.put("role", role);
        m.put("version", "3.0.2");
        return m;
    }

    @Test
    void exactlyOneWinsTheLeaderRace() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        assertThat(a.attemptToAcquireLeader()).isTrue();
        assertThat(b.attemptToAcquireLeader()).isFalse();
        assertThat(b.load().leaderName()).contains("a");
        assertThat(a.updateLeader(LeaderStatus.of(100))).isTrue();
        assertThat(b.updateLeader(LeaderStatus.of(200))).isFalse();
        assertThat(b.load().lastLsn()).isEqualTo(100);
    }

    @Test
    void deleteLeaderOnlyWhenOursAndWritesLastLsn() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.attemptToAcquireLeader();
        assertThat(b.deleteLeader(OptionalLong.empty())).isFalse();
        assertThat(a.deleteLeader(OptionalLong.of(4242))).isTrue();
        Cluster c = b.load();
        assertThat(c.isUnlocked()).isTrue();
        assertThat(c.lastLsn()).isEqualTo(4242);
        assertThat(b.attemptToAcquireLeader()).isTrue();
        assertThat(a.updateLeader(LeaderStatus.of(1))).isFalse();
    }

    @Test
    void statusCarriesSlotsAndRetainSlots() {
        Dcs a = dcs("a");
        a.attemptToAcquireLeader();
        a.updateLeader(new LeaderStatus(500, Map.of("node2", 400L), List.of("node2")));
        Cluster c = a.load();
        assertThat(c.status().lastLsn()).isEqualTo(500);
        assertThat(c.status().slots()).containsEntry("node2", 400L);
        assertThat(c.status().retainSlots()).containsExactly("node2");
    }

    @Test
    void steadyLeaderDoesNotBumpTheLeaderKey() {
        Dcs a = dcs("a");
        a.attemptToAcquireLeader();
        long rev = a.load().leader().orElseThrow().modRevision();
        a.updateLeader(LeaderStatus.of(1));
        a.updateLeader(LeaderStatus.of(2));
        assertThat(a.load().leader().orElseThrow().modRevision()).isEqualTo(rev);
    }

    @Test
    void leaseExpiryRemovesLeaderAndMember() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        assertThat(a.touchMember(memberData("master", 5432))).isTrue();
        a.attemptToAcquireLeader();
        Cluster before = b.load();
        assertThat(before.member("a").orElseThrow().lease()).isPresent();
        assertThat(before.leader().orElseThrow().member()).isPresent();
        letLeasesExpire(TTL);
        Cluster after = await().atMost(leaseExpiryBound(TTL)).pollInterval(Duration.ofMillis(100))
                .until(b::load, c -> c.isUnlocked() && !c.hasMember("a"));
        assertThat(after.isUnlocked()).isTrue();
        assertThat(after.hasMember("a")).isFalse();
        assertThat(a.updateLeader(LeaderStatus.of(1))).isFalse();
        assertThat(b.attemptToAcquireLeader()).isTrue();
    }

    @Test
    void touchMemberKeepsJsonOrderAndSkipsUnchangedWrites() {
        Dcs a = dcs("a");
        Map<String, Object> data = memberData("replica", 5433);
        data.put("tags", Map.of("zone", "a"));
        data.put("xlog_location", 67108960L);
        data.put("timeline", 1);
        assertThat(a.touchMember(data)).isTrue();
        Member m = seen(a, "a", "running");
        assertThat(new ClusterCodec().encodeMember(m.data())).isEqualTo("{\"conn_url\":\"postgres://127.0.0.1:5433/postgres\","
                + "\"api_url\":\"http://127.0.0.1:8009/patroni\",\"state\":\"running\",\"role\":\"replica\","
                + "\"version\":\"3.0.2\",\"tags\":{\"zone\":\"a\"},\"xlog_location\":67108960,\"timeline\":1}");
        assertThat(a.touchMember(data)).isTrue();
        assertThat(a.load().member("a").orElseThrow().modRevision()).isEqualTo(m.modRevision());
        data.put("state", "stopped");
        a.touchMember(data);
        assertThat(seen(a, "a", "stopped").state()).isEqualTo("stopped");
    }

    /** A steady cluster is decoded once, not every cycle; any change of a key is seen at the next load. */
    @Test
    void steadyClusterIsDecodedOnceAndAChangeIsSeen() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.touchMember(memberData("master", 5432));
        b.touchMember(memberData("replica", 5433));
        seen(a, "b", "running");
        Cluster first = a.load();
        assertThat(a.load()).isSameAs(first);
        assertThat(a.read()).isSameAs(first);

        Map<String, Object> stopped = memberData("replica", 5433);
        stopped.put("state", "stopped");
        b.touchMember(stopped);
        Cluster changed = seen(a, "b", "stopped") == null ? null : a.load();
        assertThat(changed).isNotSameAs(first);
        assertThat(changed.member("b").orElseThrow().state()).isEqualTo("stopped");
        assertThat(changed.member("a")).isEqualTo(first.member("a"));
    }

    /** Member writes reach load() once the watch delivers them (at once in memory, milliseconds on etcd). */
    private static Member seen(Dcs dcs, String name, String state) {
        return await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> dcs.load().member(name).filter(m -> m.state().equals(state)), java.util.Optional::isPresent)
                .orElseThrow();
    }

    @Test
    void initializeRaceAndCompareAndSet() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        assertThat(a.initialize(true, "")).isTrue();
        assertThat(b.initialize(true, "")).isFalse();
        a.load();
        b.load();
        assertThat(a.initialize(false, "7710803155684193743")).isTrue();
        assertThat(b.initialize(false, "1")).isFalse();
        assertThat(b.load().initialize()).contains("7710803155684193743");
        assertThat(b.cancelInitialization()).isTrue();
        assertThat(b.load().isInitialized()).isFalse();
    }

    @Test
    void configFailoverAndSyncCompareAndSet() {
        Dcs a = dcs("a");
        assertThat(a.setConfig(Map.of("ttl", 30), OptionalLong.empty())).isTrue();
        long rev = a.load().config().orElseThrow().modRevision();
        assertThat(a.setConfig(Map.of("ttl", 20), OptionalLong.of(rev))).isTrue();
        assertThat(a.setConfig(Map.of("ttl", 10), OptionalLong.of(rev))).isFalse();
        assertThat(a.load().config().orElseThrow().data()).containsEntry("ttl", 20);

        Failover switchover = Failover.of(Optional.of("a"), Optional.of("b"), Optional.empty());
        assertThat(a.setFailover(switchover, OptionalLong.of(0))).isTrue();
        long frev = a.load().failover().orElseThrow().modRevision();
        assertThat(a.setFailover(Failover.cleared(), OptionalLong.of(frev + 1000))).isFalse();
        assertThat(a.setFailover(Failover.cleared(), OptionalLong.of(frev))).isTrue();
        assertThat(a.load().failover()).isEmpty();

        SyncState sync = new SyncState(0, Optional.of("a"), Set.of("b"), OptionalInt.empty());
        assertThat(a.setSyncState(sync, OptionalLong.empty())).isTrue();
        long srev = a.load().sync().orElseThrow().modRevision();
        assertThat(a.load().sync().orElseThrow().syncStandbys()).containsExactly("b");
        assertThat(a.deleteSyncState(OptionalLong.of(srev + 1000))).isFalse();
        assertThat(a.deleteSyncState(OptionalLong.of(srev))).isTrue();
        assertThat(a.load().sync()).isEmpty();
    }

    /** The typed writes come back as they were written, with Patroni's bytes. */
    @Test
    void typedValuesAsPatroniWritesThem() {
        Dcs a = dcs("a");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ttl", 30);
        config.put("postgresql", Map.of("parameters", Map.of("log_line_prefix", "%m Zürich ")));
        assertThat(a.setConfig(config, OptionalLong.empty())).isTrue();
        assertThat(a.read().config().orElseThrow().rawJson())
                .isEqualTo("{\"ttl\":30,\"postgresql\":{\"parameters\":{\"log_line_prefix\":\"%m Z\\u00fcrich \"}}}");
        long rev = a.read().config().orElseThrow().modRevision();
        assertThat(a.setConfigAsPatronictl(config, OptionalLong.of(rev))).isTrue();
        assertThat(a.read().config().orElseThrow().rawJson()).isEqualTo(
                "{\"ttl\": 30, \"postgresql\": {\"parameters\": {\"log_line_prefix\": \"%m Z\\u00fcrich \"}}}");

        OffsetDateTime at = OffsetDateTime.parse("2030-01-01T10:00:00+02:00");
        Failover scheduled = Failover.of(Optional.of("nöde\"1"), Optional.of("b"), Optional.of(at));
        assertThat(a.setFailover(scheduled, OptionalLong.empty())).isTrue();
        Failover read = a.read().failover().orElseThrow();
        assertThat(Failover.of(read.leader(), read.candidate(), read.scheduledAt())).isEqualTo(scheduled);

        SyncState sync = new SyncState(0, Optional.of("a"), Set.of("c", "b"), OptionalInt.of(1));
        a.setSyncState(sync, OptionalLong.empty());
        SyncState synced = a.read().sync().orElseThrow();
        assertThat(synced.leader()).contains("a");
        assertThat(synced.syncStandbys()).containsExactlyInAnyOrder("b", "c");
        assertThat(synced.quorum()).hasValue(1);

        HistoryLine line = new HistoryLine(1, 67108960, "no recovery target specified",
                Optional.of("2026-11-22T01:35:24.283615+00:00"), Optional.of("a"));
        HistoryLine old = new HistoryLine(2, 67109000, "", Optional.empty(), Optional.empty());
        a.setHistory(List.of(line, old));
        assertThat(a.read().history().orElseThrow().rawValue()).isEqualTo("[[1,67108960,\"no recovery target "
                + "specified\",\"2026-11-22T01:35:24.283615+00:00\",\"a\"],[2,67109000,\"\"]]");
        assertThat(a.read().history().orElseThrow().lines()).containsExactly(line, old);
    }

    @Test
    void historyFailsafeAndDeleteCluster() {
        Dcs a = dcs("a");
        a.setHistory(List.of(new HistoryLine(1, 67108960, "no recovery target specified",
                Optional.of("2026-11-22T01:35:24.283615+00:00"), Optional.of("a"))));
        a.writeFailsafe(Map.of("a", "http://127.0.0.1:8008/patroni"));
        Cluster c = a.load();
        assertThat(c.timeline()).isEqualTo(2);
        assertThat(c.failsafe().orElseThrow()).containsEntry("a", "http://127.0.0.1:8008/patroni");
        assertThat(a.deleteFailsafe()).isTrue();
        assertThat(a.load().failsafe()).isEmpty();
        assertThat(a.deleteCluster()).isTrue();
        assertThat(a.load()).isEqualTo(Cluster.empty());
    }

    /** read() is for anyone: it sees what load() sees and leaves the cycle's lease refresh alone. */
    @Test
    void readSeesTheClusterWithoutStartingACycle() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.touchMember(memberData("master", 5432));
        assertThat(a.attemptToAcquireLeader()).isTrue();
        assertThat(b.read().leaderName()).contains("a");
        assertThat(seenByRead(b, "a").state()).isEqualTo("running");
        assertThat(a.read()).isEqualTo(a.load());
    }

    private static Member seenByRead(Dcs dcs, String name) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> dcs.read().member(name), java.util.Optional::isPresent).orElseThrow();
    }

    /** jpatronictl's face: reads and the users' compare-and-set writes, no lease, no member key. */
    @Test
    void aClusterStoreReadsAndWritesWithoutASession() {
        Dcs a = dcs("a");
        a.touchMember(memberData("master", 5432));
        a.attemptToAcquireLeader();
        ClusterStore store = newStore(scope);
        try {
            assertThat(store.read().leaderName()).contains("a");
            assertThat(store.setConfig(Map.of("ttl", 30), OptionalLong.empty())).isTrue();
            long rev = store.read().config().orElseThrow().modRevision();
            assertThat(store.setConfig(Map.of("ttl", 20), OptionalLong.of(rev + 1000))).isFalse();
            assertThat(store.setFailover(Failover.of(Optional.of("a"), Optional.of("b"), Optional.empty()),
                    OptionalLong.empty())).isTrue();
            assertThat(a.load().failover().orElseThrow().candidate()).contains("b");
            assertThat(store.read().members()).extracting(Member::name).containsExactly("a");
        } finally {
            store.close();
        }
    }

    @Test
    void watchWakesWhenLeaderIsDeleted() throws Exception {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.attemptToAcquireLeader();
        long rev = b.load().leader().orElseThrow().modRevision();
        BlockedWatch watch = BlockedWatch.start(b, OptionalLong.of(rev), Duration.ofSeconds(10));
        long deletedAt = System.nanoTime();
        a.deleteLeader(OptionalLong.empty());
        assertThat(watch.wokeAt(Duration.ofSeconds(5)) - deletedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void watchWakesWhenALeaderAppearsAndTimesOutOtherwise() throws Exception {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        b.load();
        long t0 = System.nanoTime();
        assertThat(b.awaitLeaderChange(OptionalLong.empty(), Duration.ofMillis(300))).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
        BlockedWatch watch = BlockedWatch.start(b, OptionalLong.empty(), Duration.ofSeconds(10));
        long acquiredAt = System.nanoTime();
        a.attemptToAcquireLeader();
        assertThat(watch.wokeAt(Duration.ofSeconds(2))).isGreaterThan(acquiredAt);
        // already different from what the caller saw: returns at once
        assertThat(b.awaitLeaderChange(OptionalLong.empty(), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void interruptWaitEndsAWaitAtOnceAndOnlyOnce() throws Exception {
        Dcs b = dcs("b");
        b.load();
        assertThat(b.interruptibleWaits()).isTrue();
        CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(
                () -> b.awaitLeaderChange(OptionalLong.empty(), Duration.ofSeconds(30)));
        long t0 = System.nanoTime();
        // rung before or while the other thread waits: either way its wait ends, without a leader change
        b.interruptWait();
        assertThat(woke.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
        // the ring was used up: the next wait lasts its timeout
        long t1 = System.nanoTime();
        assertThat(b.awaitLeaderChange(OptionalLong.empty(), Duration.ofMillis(300))).isFalse();
        assertThat(System.nanoTime() - t1).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
    }

    @Test
    void aStoreThatNeverLoadedWaitsForALeaderToo() throws Exception {
        Dcs a = dcs("a");
        try (ClusterStore store = newStore(scope)) {
            assertThat(store.awaitLeaderChange(OptionalLong.empty(), Duration.ofMillis(100))).isFalse();
            CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(
                    () -> store.awaitLeaderChange(OptionalLong.empty(), Duration.ofSeconds(10)));
            a.attemptToAcquireLeader();
            assertThat(woke.get(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void newTtlTakesEffectWithTheNextLease() {
        Dcs a = dcs("a");
        a.touchMember(memberData("master", 5432));
        a.attemptToAcquireLeader();
        OptionalLong before = a.load().member("a").orElseThrow().lease();
        a.setTtl(TTL + 1);
        assertThat(a.updateLeader(LeaderStatus.of(1))).isTrue();
        a.touchMember(memberData("master", 5432));
        Cluster c = a.load();
        assertThat(c.member("a").orElseThrow().lease()).isNotEqualTo(before);
        assertThat(c.leaderName()).contains("a");
    }
}
