package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SeedConfigsIT} for the seeds whose DCS is ZooKeeper (seed003): each runs a healthy 3-node cluster on a real
 * ZooKeeper server (Debian's, started by the test) or is refused naming the keys it is refused for today.
 */
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
     * seed003 runs on ZooKeeper once synchronous_mode is implemented (issue #9); until then, the same file without
     * its {@code synchronous_mode: true} line shows that everything else in it runs, ZooKeeper included, with the
     * seed's own timings.
     */
    @Test
    void seed003WithoutSynchronousModeRunsOnZooKeeper(JPatroniCluster cluster) {
        String original = SeedConfigsIT.seed("seed003-postgres0.yml");
        assertThat(original).contains("zookeeper:\n    hosts: [\"zoo:2181\"]").contains("synchronous_mode: true\n");
        SeedConfigsIT.runsHealthy(original.replace("        synchronous_mode: true\n", ""), cluster);
    }
}
