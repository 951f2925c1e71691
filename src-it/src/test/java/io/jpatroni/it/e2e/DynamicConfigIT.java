package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leader keeps patroni.dynamic.json as Patroni does, and rebuilds a wiped DCS config key from it. */
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
}
