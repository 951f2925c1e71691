package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SeedConfigsIT} for the seeds whose DCS is ZooKeeper (seed003): each runs a healthy 3-node cluster on a real
 * ZooKeeper server (Debian's, started by the test) or is refused naming the keys it is refused for today.
 */
@Tag("extended") // long tier (scripts/test --all), for CI's 20 minutes: SeedConfigsIT runs every seed on etcd and
// ZooKeeperClusterIT the ZooKeeper backend in CI
class SeedConfigsOnZooKeeperIT {
    /** A ZooKeeper server for the seed: its nodes are started from the rewritten copies. */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerSeed =
            ClusterExtension.of(() -> JPatroniCluster.withoutNodes("seed", ZooKeeperEnsemble.start(1)));

    static Stream<String> seeds() throws IOException {
        return SeedConfigsIT.seeds(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void runsAHealthyClusterOrIsRefusedNamingTheUnsupportedKey(String seed, JPatroniCluster cluster)
            throws IOException {
        SeedConfigsIT.runsOrIsRefused(seed, cluster);
    }

    /**
     * seed003 asks for {@code synchronous_mode} (issue #9): on ZooKeeper too, its leader names one synchronous standby
     * in the {@code sync} znode, which the replicas read: one answers {@code /sync} 200, the other {@code /async} 200.
     */
    @Test
    void seed003RunsInSynchronousModeOnZooKeeper(JPatroniCluster cluster) {
        String original = SeedConfigsIT.seed("seed003-postgres0.yml");
        assertThat(original).contains("zookeeper:\n    hosts: [\"zoo:2181\"]").contains("synchronous_mode: true\n");
        SeedConfigsIT.runsHealthy(original, cluster);
        JPatroniNode leader = cluster.leader().orElseThrow();
        List<JPatroniNode> replicas = cluster.nodes().stream().filter(n -> n != leader).toList();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(replicas.stream().filter(n -> n.status("/sync") == 200)).hasSize(1);
            assertThat(replicas.stream().filter(n -> n.status("/async") == 200)).hasSize(1);
        });
    }
}
