package io.jpatroni.it.dcs;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.FreePorts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nothing hangs when etcd is gone: every call fails with DcsUnavailableException within retry_timeout. */
class UnreachableEtcdIT {
    private static final Duration RETRY_TIMEOUT = Duration.ofMillis(1200);
    private static final Duration SLACK = Duration.ofMillis(1500);

    @Test
    void neverReachableEtcd() {
        List<String> hosts = List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());
        try (Dcs dcs = DcsFactory.etcd3(Etcd3Settings.plain(hosts), "/service", "gone", "a", 10, RETRY_TIMEOUT)) {
            assertFailsFast(dcs::load);
            assertFailsFast(dcs::attemptToAcquireLeader);
            assertFailsFast(() -> dcs.touchMember(Map.of("state", "running")));
        }
    }

    @Test
    void etcdStoppedUnderAConnectedClient() {
        try (EtcdCluster etcd = EtcdCluster.start(1);
             Dcs dcs = DcsFactory.etcd3(Etcd3Settings.plain(etcd.hosts()), "/service", "gone", "a", 10, RETRY_TIMEOUT)) {
            assertThat(dcs.attemptToAcquireLeader()).isTrue();
            long rev = dcs.load().leader().orElseThrow().modRevision();
            etcd.stop(0);
            assertFailsFast(() -> dcs.updateLeader(LeaderStatus.of(1)));
            assertFailsFast(dcs::load);
            assertFailsFast(() -> dcs.deleteLeader(OptionalLong.empty()));
            long t0 = System.nanoTime();
            assertThat(dcs.awaitLeaderChange(OptionalLong.of(rev), Duration.ofMillis(500))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        }
    }

    private static void assertFailsFast(Runnable call) {
        long t0 = System.nanoTime();
        assertThatThrownBy(call::run).isInstanceOf(DcsUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(RETRY_TIMEOUT.plus(SLACK));
    }
}
