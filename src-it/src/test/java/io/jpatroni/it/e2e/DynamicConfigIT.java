package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leader keeps patroni.dynamic.json as Patroni does, and rebuilds a wiped DCS config key from it. A dynamic
 * key jpatroni does not support, set later with edit-config, is named in every node's log once per change.
 */
class DynamicConfigIT {
    private JPatroniCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void wipedConfigKeyIsWrittenBackFromTheDataDirectoryCache() throws Exception {
        cluster = JPatroniCluster.start("dynconf", 1);
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        var cache = leader.config().dataDir().resolve("patroni.dynamic.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(cache));
        assertThat(Files.readString(cache)).startsWith("{\"ttl\": 10, \"loop_wait\": 1, \"retry_timeout\": 3");
        String key = "/service/dynconf/config";
        String before = cluster.etcd().etcdctl("get", key, "--print-value-only").strip();

        cluster.etcd().etcdctl("del", key);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(cluster.etcd().etcdctl("get", key, "--print-value-only").strip()).isEqualTo(before));
    }

    @Test
    void synchronousModeSetWithEditConfigIsNamedAsAnErrorOncePerChange() throws Exception {
        cluster = JPatroniCluster.start("dynsync", 2);
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(90));
        var cache = leader.config().dataDir().resolve("patroni.dynamic.json");

        edit(leader, "synchronous_mode=true");
        for (JPatroniNode node : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(synchronousModeErrors(node)).as(node.name()).isEqualTo(1));
        }
        edit(leader, "maximum_lag_on_failover=2097152");
        // the leader caches the config key it resolved, so this shows that it saw the second change
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(cache).contains("2097152"));
        edit(leader, "synchronous_mode=false");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(cache).contains("\"synchronous_mode\": false"));
        edit(leader, "synchronous_mode=true");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(synchronousModeErrors(leader)).isEqualTo(2));
        assertThat(leader.logTail(2000)).contains("ERROR: The cluster's dynamic configuration: synchronous_mode:"
                + " \"true\" is not supported yet: commits are acknowledged without waiting for a synchronous standby");
        assertThat(leader.status("/primary")).as("the node goes on").isEqualTo(200);
    }

    /** Real patronictl edit-config, which writes the DCS config key. */
    private static void edit(JPatroniNode node, String setting) {
        var r = Jpatronictl.patronictl(node.config().configFile(), "edit-config", "-s", setting, "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static long synchronousModeErrors(JPatroniNode node) {
        return node.logTail(5000).lines().filter(l -> l.contains("ERROR: The cluster's dynamic configuration:"
                + " synchronous_mode:")).count();
    }
}
