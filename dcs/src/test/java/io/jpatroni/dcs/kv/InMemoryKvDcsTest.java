package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

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

    @Test
    void leaseExpiryWakesWatchers() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.attemptToAcquireLeader();
        long rev = b.load().leader().orElseThrow().modRevision();
        clock.advance(Duration.ofSeconds(TTL));
        store.expireLeases();
        assertThat(b.watch(OptionalLong.of(rev), Duration.ofMillis(10))).isTrue();
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
