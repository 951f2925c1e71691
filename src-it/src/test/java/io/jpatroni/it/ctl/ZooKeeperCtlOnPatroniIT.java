package io.jpatroni.it.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jpatronictl on a real Patroni 3.0.2 cluster (2 nodes) on ZooKeeper: it reads Patroni's znodes and prints what
 * patronictl prints, from the members' configuration file and with {@code --dcs-url zookeeper://host:port}.
 * ({@link ZooKeeperCtlOnJPatroniIT} is the other way round.)
 */
class ZooKeeperCtlOnPatroniIT {
    @RegisterExtension
    static final ClusterExtension<PatroniCluster> CLUSTER =
            ClusterExtension.of(() -> PatroniCluster.start("zkpy", 2, ZooKeeperEnsemble.start(1)));

    /** Any member's configuration file: the ctls find the leader through ZooKeeper. */
    private static Path config() {
        return CLUSTER.cluster().nodes().get(0).configFile();
    }

    @Test
    void jpatronictlListsTheClusterAsPatronictlDoes(PatroniCluster cluster) {
        NodeConfig leader = cluster.leader().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Jpatronictl.withoutLag(ok(Jpatronictl.run(config(), "list"))))
                        .isEqualTo(Jpatronictl.withoutLag(ok(Jpatronictl.patronictl(config(), "list")))));
        assertThat(ok(Jpatronictl.run(config(), "list"))).containsPattern("\\| " + leader.name()
                + " +\\| [^|]+\\| Leader +\\| running");
        assertThat(ok(Jpatronictl.run(config(), "show-config")))
                .isEqualTo(ok(Jpatronictl.patronictl(config(), "show-config")));
    }

    @Test
    void jpatronictlWithAZooKeeperDcsUrlListsTheCluster(PatroniCluster cluster) {
        String url = "zookeeper://" + cluster.dcs().hosts().get(0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Jpatronictl.withoutLag(ok(Jpatronictl.run(config(), "--dcs-url", url, "list"))))
                        .isEqualTo(Jpatronictl.withoutLag(ok(Jpatronictl.patronictl(config(), "list")))));
    }

    private static String ok(Processes.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }
}
