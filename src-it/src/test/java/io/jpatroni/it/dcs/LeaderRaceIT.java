package io.jpatroni.it.dcs;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two members race for the leader key on a real etcd, many rounds: exactly one wins each time. */
class LeaderRaceIT {
    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @Test
    void exactlyOneWinsEveryRound() throws Exception {
        int rounds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Dcs a = dcs("a"); Dcs b = dcs("b")) {
            CyclicBarrier start = new CyclicBarrier(2);
            int winsA = 0;
            for (int i = 0; i < rounds; i++) {
                Future<Boolean> fa = pool.submit(() -> race(start, a));
                Future<Boolean> fb = pool.submit(() -> race(start, b));
                boolean wonA = fa.get(10, TimeUnit.SECONDS);
                boolean wonB = fb.get(10, TimeUnit.SECONDS);
                assertThat(wonA ^ wonB).as("round %d: a=%s b=%s", i, wonA, wonB).isTrue();
                Dcs winner = wonA ? a : b;
                Dcs loser = wonA ? b : a;
                assertThat(loser.load().leaderName()).contains(winner.memberName());
                assertThat(loser.updateLeader(LeaderStatus.of(i + 1))).isFalse();
                assertThat(loser.deleteLeader(OptionalLong.empty())).isFalse();
                assertThat(winner.updateLeader(LeaderStatus.of(i + 1))).isTrue();
                assertThat(winner.deleteLeader(OptionalLong.of(i + 1))).isTrue();
                winsA += wonA ? 1 : 0;
            }
            assertThat(winsA).isBetween(0, rounds);
            a.deleteCluster();
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean race(CyclicBarrier start, Dcs dcs) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        return dcs.attemptToAcquireLeader();
    }

    private static Dcs dcs(String name) {
        return DcsFactory.etcd3(Etcd3Settings.plain(ETCD.cluster().hosts()), "/service", "race", name, 10, Duration.ofSeconds(5));
    }
}
