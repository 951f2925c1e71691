package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replicas that die come back: after kill -9 and restart, and from an empty data directory. */
class RejoinIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("rejoin", 3));

    @Test
    void killedReplicaRejoinsAfterRestart(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        JPatroniNode replica = cluster.replicas().get(0);
        replica.killHard();
        replica.start();

        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(cluster.leader()).contains(leader);
        assertThat(replica.status("/replica")).isEqualTo(200);
    }

    @Test
    void replicaWithAnEmptyDataDirectoryClonesAgain(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        JPatroniNode replica = cluster.replicas().get(1);
        assertThat(replica.stop(Duration.ofSeconds(30))).isZero();
        deleteTree(replica.config().dataDir());

        int restart = replica.logMark();
        replica.start();
        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(replica.logSince(restart)).contains("trying to bootstrap from leader '" + leader.name() + "'");
        assertThat(cluster.leader()).contains(leader);
    }

    static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
