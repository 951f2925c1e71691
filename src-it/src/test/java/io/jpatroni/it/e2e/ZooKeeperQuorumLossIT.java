package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.PrimaryWatch;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two jpatroni nodes on a 3-server ZooKeeper ensemble: when two servers are gone (the ensemble's leader among them)
 * the last one stops serving, the primary demotes within loop_wait + retry_timeout and nobody answers /primary 200
 * until the quorum is back; then the cluster has one leader again. (Failsafe mode would keep the primary: it is
 * refused until that issue lands.)
 */
class ZooKeeperQuorumLossIT {
    private static final int LOOP_WAIT = 1;
    private static final int RETRY_TIMEOUT = 3;

    private JPatroniCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void losingTheQuorumDemotesThePrimaryAndItsReturnHeals() {
        ZooKeeperEnsemble zookeeper = ZooKeeperEnsemble.start(3);
        cluster = JPatroniCluster.start("zkquorum", 2, zookeeper);
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(120));
        try (PrimaryWatch watch = PrimaryWatch.start(cluster.nodes().stream().map(JPatroniNode::config).toList())) {
            int zkLeader = IntStream.range(0, 3).filter(i -> zookeeper.fourLetterWord(i, "srvr")
                    .contains("Mode: leader")).findFirst().orElseThrow();
            List<Integer> gone = List.of(zkLeader, (zkLeader + 1) % 3);
            long lostAt = System.nanoTime();
            gone.forEach(zookeeper::stop);

            await().atMost(Duration.ofSeconds(LOOP_WAIT + RETRY_TIMEOUT + 10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> leader.status("/primary") != 200);
            double demotedAfter = (System.nanoTime() - lostAt) / 1e9;
            long primariesSeen = watch.samples();
            await().during(Duration.ofSeconds(RETRY_TIMEOUT + 2)).atMost(Duration.ofSeconds(RETRY_TIMEOUT + 3))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.nodes().stream().noneMatch(n -> n.status("/primary") == 200));
            System.out.printf("ZooKeeper quorum lost: primary %s stopped answering /primary 200 after %.2f s"
                    + " (loop_wait %d s, retry_timeout %d s), no primary for the next %d s (%d samples)%n",
                    leader.name(), demotedAfter, LOOP_WAIT, RETRY_TIMEOUT, RETRY_TIMEOUT + 2,
                    watch.samples() - primariesSeen);
            assertThat(demotedAfter).isLessThan(LOOP_WAIT + RETRY_TIMEOUT + 2.0);
            assertThat(leader.logTail(300)).containsAnyOf("demoted self because DCS is not accessible and I was a"
                    + " leader", "demoted self because failed to update leader lock in DCS");

            gone.forEach(zookeeper::restart);
            cluster.awaitHealthy(Duration.ofSeconds(120));
            assertThat(watch.splitBrains()).as("samples where two nodes answered /primary 200").isEmpty();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(80), e);
        }
    }
}
