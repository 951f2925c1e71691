package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replicas that die come back: after kill -9 and restart, and from an empty data directory. */
class RejoinIT {
    private static JPatroniCluster cluster;
    private static JPatroniNode leader;

    @BeforeAll
    static void bootstrap() {
        cluster = JPatroniCluster.start("rejoin", 3);
        leader = cluster.awaitHealthy(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killedReplicaRejoinsAfterRestart() {
        JPatroniNode replica = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
        replica.killHard();
        replica.start();

        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(cluster.leader()).contains(leader);
        assertThat(replica.status("/replica")).isEqualTo(200);
    }

    @Test
    void replicaWithAnEmptyDataDirectoryClonesAgain() throws Exception {
        JPatroniNode replica = cluster.nodes().stream().filter(n -> n != leader).reduce((a, b) -> b).orElseThrow();
        assertThat(replica.stop(Duration.ofSeconds(30))).isZero();
        deleteTree(replica.config().dataDir());

        replica.start();
        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(replica.logTail(200)).contains("trying to bootstrap from leader '" + leader.name() + "'");
        assertThat(cluster.leader()).contains(leader);
    }

    static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
