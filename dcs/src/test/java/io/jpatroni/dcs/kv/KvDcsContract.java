package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link Dcs} semantics shared by every backend (in-memory here, real etcd in src-it). */
public abstract class KvDcsContract {
    protected static final int TTL = 2;
    protected String scope;
    private final List<Dcs> opened = new ArrayList<>();

    /** A member's DCS on the backend under test, for {@code scope}, namespace {@code /service}. */
    protected abstract Dcs newDcs(String scope, String member, int ttl);

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
        assertThat(a.setConfigValue("{\"ttl\":30}", OptionalLong.empty())).isTrue();
        long rev = a.load().config().orElseThrow().modRevision();
        assertThat(a.setConfigValue("{\"ttl\":20}", OptionalLong.of(rev))).isTrue();
        assertThat(a.setConfigValue("{\"ttl\":10}", OptionalLong.of(rev))).isFalse();
        assertThat(a.load().config().orElseThrow().data()).containsEntry("ttl", 20);

        assertThat(a.setFailoverValue("{\"leader\":\"a\",\"member\":\"b\"}", OptionalLong.of(0))).isTrue();
        long frev = a.load().failover().orElseThrow().modRevision();
        assertThat(a.setFailoverValue("{}", OptionalLong.of(frev + 1000))).isFalse();
        assertThat(a.setFailoverValue("{}", OptionalLong.of(frev))).isTrue();
        assertThat(a.load().failover()).isEmpty();

        assertThat(a.setSyncStateValue("{\"leader\":\"a\",\"sync_standby\":\"b\"}", OptionalLong.empty())).isTrue();
        long srev = a.load().sync().orElseThrow().modRevision();
        assertThat(a.load().sync().orElseThrow().syncStandbys()).containsExactly("b");
        assertThat(a.deleteSyncState(OptionalLong.of(srev + 1000))).isFalse();
        assertThat(a.deleteSyncState(OptionalLong.of(srev))).isTrue();
        assertThat(a.load().sync()).isEmpty();
    }

    @Test
    void historyFailsafeAndDeleteCluster() {
        Dcs a = dcs("a");
        a.setHistoryValue("[[1,67108960,\"no recovery target specified\",\"2026-11-22T01:35:24.283615+00:00\",\"a\"]]");
        a.writeFailsafe(Map.of("a", "http://127.0.0.1:8008/patroni"));
        Cluster c = a.load();
        assertThat(c.timeline()).isEqualTo(2);
        assertThat(c.failsafe().orElseThrow()).containsEntry("a", "http://127.0.0.1:8008/patroni");
        assertThat(a.deleteCluster()).isTrue();
        assertThat(a.load()).isEqualTo(Cluster.empty());
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
        assertThat(b.watch(OptionalLong.empty(), Duration.ofMillis(300))).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(290));
        BlockedWatch watch = BlockedWatch.start(b, OptionalLong.empty(), Duration.ofSeconds(10));
        long acquiredAt = System.nanoTime();
        a.attemptToAcquireLeader();
        assertThat(watch.wokeAt(Duration.ofSeconds(2))).isGreaterThan(acquiredAt);
        // already different from what the caller saw: returns at once
        assertThat(b.watch(OptionalLong.empty(), Duration.ofSeconds(10))).isTrue();
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
