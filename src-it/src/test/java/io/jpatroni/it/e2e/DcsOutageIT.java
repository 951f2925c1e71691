package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Timings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** etcd goes away: the primary stops being one within retry_timeout + loop_wait; etcd returns: one leader again. */
class DcsOutageIT {
    private static final Timings TIMINGS = Timings.JPATRONI;

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("outage", 3));

    @Test
    void leaderDemotesWhenEtcdIsGoneAndTheClusterRecovers(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        int outage = leader.logMark();
        long stoppedAt = System.nanoTime();
        cluster.etcd().stop(0);

        await().atMost(Duration.ofSeconds(TIMINGS.retryTimeout() + TIMINGS.loopWait() + 10))
                .pollInterval(Duration.ofMillis(50)).until(() -> leader.status("/primary") != 200);
        double demotedAfter = (System.nanoTime() - stoppedAt) / 1e9;
        await().atMost(Duration.ofSeconds(30)).until(() -> leader.logSince(outage)
                .contains("demoted self because DCS is not accessible and I was a leader"));
        System.out.printf("DCS outage: leader %s stopped answering /primary after %.2f s%n", leader.name(),
                demotedAfter);
        assertThat(demotedAfter).isLessThan(TIMINGS.retryTimeout() + TIMINGS.loopWait() + 1);
        assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.status("/primary")).isNotEqualTo(200));

        cluster.etcd().restart(0);
        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(cluster.leader()).isPresent();
    }
}
