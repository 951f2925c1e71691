package io.jpatroni.it.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real tools on ZooKeeper, both ways: patronictl 3.0.2 (through Debian's python3-kazoo) lists a jpatroni cluster
 * and switches it over; jpatronictl lists a real Patroni 3.0.2 cluster as patronictl does. Each cluster reads and
 * writes the other implementation's znodes, so this is also the check that the layout and values are Patroni's.
 */
class ZooKeeperInteropIT {

    @Test
    void patronictlListsAndSwitchesOverAJpatroniClusterOnZooKeeper() {
        try (JPatroniCluster cluster = JPatroniCluster.start("zkjp", 2, ZooKeeperEnsemble.start(1))) {
            try {
                JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(120));
                JPatroniNode replica = cluster.replicas().get(0);
                Path config = leader.config().configFile();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(Jpatronictl.withoutLag(ok(Jpatronictl.patronictl(config, "list"))))
                                .isEqualTo(Jpatronictl.withoutLag(ok(Jpatronictl.run(config, "list")))));
                String list = ok(Jpatronictl.patronictl(config, "list"));
                assertThat(list).contains("Cluster: zkjp").containsPattern("\\| " + leader.name()
                        + " +\\| 127\\.0\\.0\\.1:" + leader.config().pgPort() + " +\\| Leader +\\| running");
                assertThat(list).containsPattern("\\| " + replica.name() + " +\\| [^|]+\\| Replica +\\| running");

                String switched = ok(Jpatronictl.patronictl(config, "switchover", "--leader", leader.name(),
                        "--candidate", replica.name(), "--force"));
                assertThat(switched).contains("Successfully switched over to \"" + replica.name() + "\"");
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> cluster.leader().filter(l -> l == replica).isPresent());
                cluster.awaitHealthy(Duration.ofSeconds(60));
                assertThat(ok(Jpatronictl.patronictl(config, "list"))).containsPattern("\\| " + replica.name()
                        + " +\\| [^|]+\\| Leader +\\| running");
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
            }
        }
    }

    @Test
    void jpatronictlListsARealPatroniClusterOnZooKeeperAsPatronictlDoes() {
        assumeTrue(PatroniCluster.available(), "patroni is not installed");
        try (PatroniCluster cluster = PatroniCluster.start("zkpy", 2, ZooKeeperEnsemble.start(1))) {
            try {
                NodeConfig leader = cluster.awaitHealthy(Duration.ofSeconds(120));
                Path config = leader.configFile();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(Jpatronictl.withoutLag(ok(Jpatronictl.run(config, "list"))))
                                .isEqualTo(Jpatronictl.withoutLag(ok(Jpatronictl.patronictl(config, "list")))));
                assertThat(ok(Jpatronictl.run(config, "list"))).containsPattern("\\| " + leader.name()
                        + " +\\| [^|]+\\| Leader +\\| running");
                assertThat(ok(Jpatronictl.run(config, "show-config")))
                        .isEqualTo(ok(Jpatronictl.patronictl(config, "show-config")));
                String url = "zookeeper://" + cluster.dcs().hosts().get(0);
                assertThat(Jpatronictl.withoutLag(ok(Jpatronictl.run(config, "--dcs-url", url, "list"))))
                        .isEqualTo(Jpatronictl.withoutLag(ok(Jpatronictl.patronictl(config, "list"))));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
            }
        }
    }

    private static String ok(Processes.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }
}
