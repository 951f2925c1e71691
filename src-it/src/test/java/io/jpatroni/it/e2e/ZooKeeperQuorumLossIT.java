package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.PrimaryWatch;
import io.jpatroni.it.support.Timings;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two jpatroni nodes on a 3-server ZooKeeper ensemble: when two servers are gone (the ensemble's leader among them)
 * the last one stops serving, the primary demotes within loop_wait + retry_timeout and nobody answers /primary 200
 * until the quorum is back; then the cluster has one leader again. (Failsafe mode would keep the primary: it is
 * refused until that issue lands.)
 */
class ZooKeeperQuorumLossIT {
    private static final Timings TIMINGS = Timings.JPATRONI;

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("zkquorum", 2, ZooKeeperEnsemble.start(3)));

    @Test
    void losingTheQuorumDemotesThePrimaryAndItsReturnHeals(JPatroniCluster cluster) {
        ZooKeeperEnsemble zookeeper = cluster.zookeeper();
        JPatroniNode leader = cluster.leader().orElseThrow();
        int mark = leader.logMark();
        try (PrimaryWatch watch = PrimaryWatch.start(cluster.nodes().stream().map(JPatroniNode::config).toList())) {
            int zkLeader = IntStream.range(0, 3).filter(i -> zookeeper.fourLetterWord(i, "srvr")
                    .contains("Mode: leader")).findFirst().orElseThrow();
            List<Integer> gone = List.of(zkLeader, (zkLeader + 1) % 3);
            long lostAt = System.nanoTime();
            gone.forEach(zookeeper::stop);

            await().atMost(Duration.ofSeconds(TIMINGS.loopWait() + TIMINGS.retryTimeout() + 10))
                    .pollInterval(Duration.ofMillis(20)).until(() -> leader.status("/primary") != 200);
            double demotedAfter = (System.nanoTime() - lostAt) / 1e9;
            long samplesAtDemotion = watch.samples();
            Duration window = Duration.ofSeconds(TIMINGS.retryTimeout() + 2);
            await().during(window).atMost(window.plusSeconds(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.nodes().stream().noneMatch(n -> n.status("/primary") == 200));
            System.out.printf("ZooKeeper quorum lost: primary %s stopped answering /primary 200 after %.2f s"
                    + " (loop_wait %d s, retry_timeout %d s), no primary for the next %d s (%d samples)%n",
                    leader.name(), demotedAfter, TIMINGS.loopWait(), TIMINGS.retryTimeout(), window.toSeconds(),
                    watch.samples() - samplesAtDemotion);
            assertThat(demotedAfter).isLessThan(TIMINGS.loopWait() + TIMINGS.retryTimeout() + 2.0);
            assertThat(leader.logSince(mark)).containsAnyOf("demoted self because DCS is not accessible and I was a"
                    + " leader", "demoted self because failed to update leader lock in DCS");

            gone.forEach(zookeeper::restart);
            cluster.awaitHealthy(Duration.ofSeconds(120));
            assertThat(watch.splitBrains()).as("samples where two nodes answered /primary 200").isEmpty();
        }
    }
}
