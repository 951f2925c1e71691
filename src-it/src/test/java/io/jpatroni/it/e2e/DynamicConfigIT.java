package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Timings;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leader keeps patroni.dynamic.json as Patroni does, and rebuilds a wiped DCS config key from it. A dynamic
 * key jpatroni does not support, set later with edit-config, is named in every node's log once per change.
 */
class DynamicConfigIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("dynconf", 2));

    @Test
    void wipedConfigKeyIsWrittenBackFromTheDataDirectoryCache(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        var cache = leader.config().dataDir().resolve("patroni.dynamic.json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(cache));
        Timings t = Timings.JPATRONI;
        assertThat(Files.readString(cache)).startsWith("{\"ttl\": %d, \"loop_wait\": %d, \"retry_timeout\": %d"
                .formatted(t.ttl(), t.loopWait(), t.retryTimeout()));
        String key = "/service/dynconf/config";
        // the same settings in the same order, compact as Patroni writes the key (ha.py: separators=(',', ':'));
        // patronictl edit-config, which the other method runs, writes it with spaces
        String before = JSON.writeValueAsString(JSON.readTree(
                cluster.etcd().etcdctl("get", key, "--print-value-only").strip()));

        cluster.etcd().etcdctl("del", key);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(cluster.etcd().etcdctl("get", key, "--print-value-only").strip()).isEqualTo(before));
    }

    @Test
    void aKeyNotActedOnSetWithEditConfigIsNamedOncePerChange(JPatroniCluster cluster)
            throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        var cache = leader.config().dataDir().resolve("patroni.dynamic.json");
        Map<JPatroniNode, Integer> marks = new HashMap<>();
        cluster.nodes().forEach(n -> marks.put(n, n.logMark()));

        edit(leader, "max_timelines_history=10");
        for (JPatroniNode node : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(unsupportedKeyWarnings(node.logSince(marks.get(node)))).as(node.name()).isEqualTo(1));
        }
        edit(leader, "maximum_lag_on_failover=2097152");
        // the leader caches the config key it resolved, so this shows that it saw the second change
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(cache).contains("2097152"));
        edit(leader, "max_timelines_history=null");
        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.readString(cache).contains("max_timelines_history"));
        edit(leader, "max_timelines_history=10");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(unsupportedKeyWarnings(leader.logSince(marks.get(leader))))
                        .isEqualTo(2));
        assertThat(leader.logSince(marks.get(leader))).contains("WARNING: The cluster's dynamic configuration:"
                + " max_timelines_history: ").contains("is not supported yet");
        assertThat(leader.status("/primary")).as("the node goes on").isEqualTo(200);
    }

    /** Real patronictl edit-config, which writes the DCS config key. */
    private static void edit(JPatroniNode node, String setting) {
        var r = Jpatronictl.patronictl(node.config().configFile(), "edit-config", "-s", setting, "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static long unsupportedKeyWarnings(String log) {
        return log.lines().filter(l -> l.contains("WARNING: The cluster's dynamic configuration:"
                + " max_timelines_history:")).count();
    }
}
