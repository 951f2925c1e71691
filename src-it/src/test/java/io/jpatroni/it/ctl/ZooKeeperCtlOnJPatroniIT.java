package io.jpatroni.it.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real patronictl 3.0.2 (through Debian's python3-kazoo) on a 2-node jpatroni cluster on ZooKeeper: it lists the
 * cluster as jpatronictl does and switches it over. patronictl reads and writes jpatroni's znodes, so this is also the
 * check that the layout and the values are Patroni's. ({@link ZooKeeperCtlOnPatroniIT} is the other way round.)
 */
class ZooKeeperCtlOnJPatroniIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("zkjp", 2, ZooKeeperEnsemble.start(1)));

    /** Any member's configuration file: the ctls find the leader through ZooKeeper. */
    private static Path config() {
        return CLUSTER.cluster().nodes().get(0).config().configFile();
    }

    @Test
    void patronictlListsTheClusterAsJpatronictlDoes(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        JPatroniNode replica = cluster.replicas().get(0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Jpatronictl.withoutLag(ok(Jpatronictl.patronictl(config(), "list"))))
                        .isEqualTo(Jpatronictl.withoutLag(ok(Jpatronictl.run(config(), "list")))));
        String list = ok(Jpatronictl.patronictl(config(), "list"));
        assertThat(list).contains("Cluster: zkjp").containsPattern("\\| " + leader.name()
                + " +\\| 127\\.0\\.0\\.1:" + leader.config().pgPort() + " +\\| Leader +\\| running");
        assertThat(list).containsPattern("\\| " + replica.name() + " +\\| [^|]+\\| Replica +\\| running");
        assertThat(ok(Jpatronictl.patronictl(config(), "show-config")))
                .isEqualTo(ok(Jpatronictl.run(config(), "show-config")));
    }

    @Test
    void patronictlSwitchesTheClusterOver(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        JPatroniNode replica = cluster.replicas().get(0);
        String switched = ok(Jpatronictl.patronictl(config(), "switchover", "--leader", leader.name(),
                "--candidate", replica.name(), "--force"));
        assertThat(switched).contains("Successfully switched over to \"" + replica.name() + "\"");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.leader().filter(l -> l == replica).isPresent());
        cluster.awaitHealthy(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(ok(Jpatronictl.patronictl(config(), "list"))).containsPattern("\\| " + replica.name()
                        + " +\\| [^|]+\\| Leader +\\| running"));
    }

    private static String ok(Processes.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }
}
