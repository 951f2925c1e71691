package io.jpatroni.it.dcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.ZooKeeperSettings;
import io.jpatroni.dcs.kv.KvDcsContract;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.TcpProxy;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code Dcs} / {@code ClusterStore} contract that runs in memory and on etcd, on a real ZooKeeper (Debian's
 * 3.8 server, ticking every 500 ms so that the contract's 2 s sessions are allowed), plus what is ZooKeeper's own:
 * sessions as leases, cut connections. Each member reaches the server through its own {@link TcpProxy}, so that
 * letting leases expire is what it is on a real network: the members' connections go silent and the server expires
 * their sessions. ({@code KeyValueStoreContract} does not apply: ZooKeeper is not a {@code KeyValueStore}, see
 * dcs/README.md.)
 */
class ZooKeeperDcsIT extends KvDcsContract {
    private static final Duration RETRY_TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final ClusterExtension<ZooKeeperEnsemble> ZOOKEEPER =
            ClusterExtension.of(() -> ZooKeeperEnsemble.start(1, 500));

    /** One proxy per member a method opened. */
    private static final List<TcpProxy> PROXIES = new ArrayList<>();

    /** Before the contract closes the members (a superclass's {@code @AfterEach} runs after this one's). */
    @AfterEach
    void healProxies() {
        PROXIES.forEach(TcpProxy::restore);
    }

    @AfterAll
    static void closeProxies() {
        PROXIES.forEach(TcpProxy::close);
    }

    @Override
    protected Dcs newDcs(String scope, String member, int ttl) {
        return member(scope, member, ttl, RETRY_TIMEOUT);
    }

    @Override
    protected ClusterStore newStore(String scope) {
        return DcsFactory.zooKeeperStore(direct(), "/service", scope, RETRY_TIMEOUT);
    }

    /** The members' connections go silent until the server has expired their sessions (and with them their znodes). */
    @Override
    protected void letLeasesExpire(int ttl) {
        List<TcpProxy> open = PROXIES.stream().filter(p -> !p.isBlackholed()).toList();
        open.forEach(TcpProxy::blackhole);
        try (ClusterStore observer = newStore(scope)) {
            await().atMost(leaseExpiryBound(ttl)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Cluster c = observer.read();
                return c.isUnlocked() && c.members().isEmpty();
            });
        }
        open.forEach(TcpProxy::restore);
    }

    /**
     * A leader whose connection is cut learns it in its next cycle, within the retry timeout, while its session (and
     * so the lock) lives on for the rest of ttl: it can demote before anyone else can take the lock. When the
     * connection comes back the session is gone; the member znode is made again in the new one.
     */
    @Test
    void aCutLeaderFailsItsLockCallWithinRetryTimeoutLongBeforeItsSessionEnds() {
        int ttl = 6;
        Duration retry = Duration.ofSeconds(1);
        TcpProxy cut = proxy();
        Dcs b = dcs("b");
        try (Dcs a = DcsFactory.zooKeeper(new ZooKeeperSettings(List.of(cut.address())), "/service", scope, "a", ttl,
                retry)) {
            cutLeader(a, b, cut, ttl, retry);
        }
    }

    private void cutLeader(Dcs a, Dcs b, TcpProxy cut, int ttl, Duration retry) {
        a.touchMember(memberData("master", 5432));
        assertThat(a.attemptToAcquireLeader()).isTrue();
        a.load();
        assertThat(a.updateLeader(LeaderStatus.of(1))).isTrue();

        long cutAt = System.nanoTime();
        cut.blackhole();
        assertThatThrownBy(() -> {   // the leader's next cycle: its load, else its lock call, cannot reach ZooKeeper
            a.load();
            a.updateLeader(LeaderStatus.of(2));
        }).isInstanceOf(DcsUnavailableException.class);
        double failedAfter = seconds(cutAt);
        assertThat(b.attemptToAcquireLeader()).as("the lock outlives the failed call").isFalse();

        await().atMost(Duration.ofSeconds(ttl + 3)).pollInterval(Duration.ofMillis(50))
                .until(() -> b.attemptToAcquireLeader());
        double lockFreeAfter = seconds(cutAt);
        System.out.printf("ZooKeeper, connection cut: the leader's lock call failed after %.2f s (retry_timeout %d s),"
                + " the lock went to another member after %.2f s (ttl %d s)%n", failedAfter, retry.toSeconds(),
                lockFreeAfter, ttl);
        assertThat(failedAfter).isLessThan(retry.toSeconds() + 1.0);
        assertThat(lockFreeAfter).isGreaterThan(ttl - 1.0);

        cut.restore();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> !a.updateLeader(LeaderStatus.of(3)));
        assertThat(a.touchMember(memberData("replica", 5432))).as("member znode in a's new session").isTrue();
        Member seen = await().atMost(Duration.ofSeconds(5)).until(() -> b.load().member("a"), Optional::isPresent)
                .orElseThrow();
        assertThat(seen.lease()).isPresent().isNotEqualTo(OptionalLong.empty());
        assertThat(seen.role()).contains("replica");
    }

    /** Status writes (every cycle of a leader) wake no one: only the leader znode does. */
    @Test
    void statusWritesDoNotWakeTheWatchButALeaderChangeDoes() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.attemptToAcquireLeader();
        long rev = b.load().leader().orElseThrow().modRevision();
        a.load();
        a.updateLeader(LeaderStatus.of(100));
        a.load();
        a.updateLeader(new LeaderStatus(200, Map.of("b", 150L), List.of()));
        assertThat(b.awaitLeaderChange(OptionalLong.of(rev), Duration.ofMillis(500))).isFalse();
        assertThat(b.load().lastLsn()).as("yet the next load reads the new status").isEqualTo(200);
        a.deleteLeader(OptionalLong.empty());
        assertThat(b.awaitLeaderChange(OptionalLong.of(rev), Duration.ofSeconds(5))).isTrue();
    }

    /** A new ttl moves the leader znode to a new session in one transaction: nobody can take the lock meanwhile. */
    @Test
    void aTtlChangeKeepsTheLock() {
        Dcs a = dcs("a");
        Dcs b = dcs("b");
        a.touchMember(memberData("master", 5432));
        a.attemptToAcquireLeader();
        long session = a.load().leader().orElseThrow().member().orElseThrow().lease().orElseThrow();
        a.setTtl(TTL + 2);
        assertThat(a.updateLeader(LeaderStatus.of(1))).isTrue();
        assertThat(b.attemptToAcquireLeader()).isFalse();
        a.touchMember(memberData("master", 5432));
        Cluster c = a.load();   // closes the old session
        assertThat(c.leaderName()).contains("a");
        assertThat(c.member("a").orElseThrow().lease()).isPresent().isNotEqualTo(OptionalLong.of(session));
        assertThat(b.attemptToAcquireLeader()).isFalse();
    }

    private Dcs member(String scope, String member, int ttl, Duration retry) {
        return DcsFactory.zooKeeper(new ZooKeeperSettings(List.of(proxy().address())), "/service", scope, member, ttl,
                retry);
    }

    private TcpProxy proxy() {
        TcpProxy proxy = TcpProxy.start(ZOOKEEPER.cluster().host(0));
        PROXIES.add(proxy);
        return proxy;
    }

    private static ZooKeeperSettings direct() {
        return new ZooKeeperSettings(ZOOKEEPER.cluster().hosts());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
