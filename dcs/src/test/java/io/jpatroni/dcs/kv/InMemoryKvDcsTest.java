package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryKvDcsTest extends KvDcsContract {
    private final MutableClock clock = new MutableClock();
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore(clock);

    @Override
    protected Dcs newDcs(String scope, String member, int ttl) {
        return DcsFactory.inMemory(store, "/service", scope, member, ttl);
    }

    @Override
    protected ClusterStore newStore(String scope) {
        return DcsFactory.inMemoryStore(store, "/service", scope);
    }

    @Override
    protected void letLeasesExpire(int ttl) {
        clock.advance(Duration.ofSeconds(ttl));
        store.expireLeases();   // etcd expires leases by its own timer and tells the watchers
    }

    @Test
    void leaderThatRefreshesKeepsTheLockAndOneThatStopsLosesIt() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.attemptToAcquireLeader();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(TTL * 600L));
            a.load();   // a cycle: load, then refresh the lock once
            assertThat(a.updateLeader(LeaderStatus.of(i + 1))).isTrue();
        }
        assertThat(b.attemptToAcquireLeader()).isFalse();
        clock.advance(Duration.ofMillis(TTL * 1000L - 1));
        assertThat(b.load().leaderName()).contains("a");
        clock.advance(Duration.ofMillis(1));
        assertThat(b.attemptToAcquireLeader()).isTrue();
        a.load();
        assertThat(a.updateLeader(LeaderStatus.of(9))).isFalse();
    }

    /**
     * A REST thread reading between the loop's calls does not start a cycle: the lease is still refreshed once per
     * cycle only, so a loop that stops cycling loses the lock {@code ttl} after its last refresh.
     */
    @Test
    void readFromAnotherThreadDoesNotRefreshTheLeaseAgain() throws Exception {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.load();
        assertThat(a.attemptToAcquireLeader()).isTrue();   // this cycle's refresh: a new lease of TTL seconds
        clock.advance(Duration.ofMillis(TTL * 1000L - 100));
        CompletableFuture.runAsync(a::read).get();
        assertThat(a.updateLeader(LeaderStatus.of(1))).isTrue();   // same cycle: no second refresh
        clock.advance(Duration.ofMillis(100));
        store.expireLeases();
        assertThat(b.attemptToAcquireLeader()).isTrue();
    }

    /** The same with load(), which starts a cycle: the second refresh keeps the lock. */
    @Test
    void loadStartsACycleAndRefreshesTheLease() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.load();
        assertThat(a.attemptToAcquireLeader()).isTrue();
        clock.advance(Duration.ofMillis(TTL * 1000L - 100));
        a.load();
        assertThat(a.updateLeader(LeaderStatus.of(1))).isTrue();
        clock.advance(Duration.ofMillis(100));
        store.expireLeases();
        assertThat(b.attemptToAcquireLeader()).isFalse();
    }

    @Test
    void leaseExpiryWakesWatchers() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.attemptToAcquireLeader();
        long rev = b.load().leader().orElseThrow().modRevision();
        clock.advance(Duration.ofSeconds(TTL));
        store.expireLeases();
        assertThat(b.awaitLeaderChange(OptionalLong.of(rev), Duration.ofMillis(10))).isTrue();
    }

    @Test
    void unreachableStoreThrowsDcsUnavailable() {
        Dcs a = dcs("a");
        store.setAvailable(false);
        try {
            assertThatThrownBy(a::load).isInstanceOf(DcsUnavailableException.class);
            assertThatThrownBy(a::attemptToAcquireLeader).isInstanceOf(DcsUnavailableException.class);
        } finally {
            store.setAvailable(true);
        }
    }
}
