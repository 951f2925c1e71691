package io.jpatroni.it.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.MixedCluster;
import io.jpatroni.it.support.MixedCluster.Impl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.SyncKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Synchronous mode in a mixed cluster: one real Patroni 3.0.2 node and two jpatroni nodes on one etcd. Both
 * implementations read and write the same {@code sync} key: whichever leads names its synchronous standbys in
 * {@code synchronous_standby_names} and in the key, the other implementation's replicas answer {@code /sync} from the
 * key, and a switchover goes from Patroni to jpatroni and back, each only to a node the key names. After every step
 * the key is consistent: written by the running leader, naming only standbys the leader's PostgreSQL lists and
 * reports {@code sync}.
 */
class SyncMixedIT {
    private static final String SCOPE = "syncmixed";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Three Patroni nodes, synchronous_mode turned on, then both replicas replaced by jpatroni (P leads, J, J). */
    @RegisterExtension
    static final ClusterExtension<MixedCluster> CLUSTER = ClusterExtension.of(() -> {
        MixedCluster c = MixedCluster.startPatroni(SCOPE, List.of("node1", "node2", "node3"));
        try {
            NodeConfig leader = c.awaitHealthy(Duration.ofSeconds(120));
            assertThat(patchConfig(leader, "{\"synchronous_mode\":true}").statusCode()).isEqualTo(200);
            for (NodeConfig n : c.nodes()) {
                if (n != leader) {
                    c.stop(n);
                    c.start(n, Impl.JPATRONI);
                }
            }
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw new IllegalStateException(e);
        }
    }).withLogLines(120);

    @Test
    void switchoverFromPatroniToJPatroniAndBackKeepsTheSyncKeyConsistent(MixedCluster cluster) throws Exception {
        NodeConfig patroni = cluster.running(Impl.PATRONI).get(0);
        assertThat(patchConfig(patroni, "{\"synchronous_node_count\":1}").statusCode()).isEqualTo(200);
        NodeConfig leader = cluster.awaitHealthy(Duration.ofSeconds(120));
        assertThat(cluster.impl(leader)).contains(Impl.PATRONI);

        // Patroni leads: it names one jpatroni standby; the jpatroni replicas answer /sync from Patroni's key
        Set<String> named = awaitConsistentKey(cluster, leader, 1);
        NodeConfig sync = cluster.node(named.iterator().next());
        NodeConfig async = cluster.nodes().stream().filter(n -> n != leader && n != sync).findFirst().orElseThrow();
        // (each node answers from its last cycle: the key reaches them within a loop_wait)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(MixedCluster.status(sync, "/sync")).isEqualTo(200);
            assertThat(MixedCluster.status(async, "/sync")).isEqualTo(503);
            assertThat(MixedCluster.status(async, "/async")).isEqualTo(200);
        });

        // jpatronictl is refused a switchover to the asynchronous jpatroni node with Patroni's words (Patroni's API)
        Processes.Result refused = Jpatronictl.run(leader.configFile(), "switchover", "--leader", leader.name(),
                "--candidate", async.name(), "--force");
        assertThat(refused.output()).contains("candidate name does not match with sync_standby");

        // Patroni to jpatroni: patronictl switches over to the synchronous jpatroni node
        Processes.Result toJ = Jpatronictl.patronictl(leader.configFile(), "switchover", "--leader", leader.name(),
                "--candidate", sync.name(), "--force");
        assertThat(toJ.exitCode()).as(toJ.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.leader().filter(sync::equals).isPresent());
        NodeConfig jLeader = cluster.awaitHealthy(Duration.ofSeconds(120));
        assertThat(cluster.impl(jLeader)).contains(Impl.JPATRONI);
        Set<String> jNamed = awaitConsistentKey(cluster, jLeader, 1);
        System.out.printf("mixed sync: Patroni %s named %s; after the switchover jpatroni %s names %s%n",
                leader.name(), named, jLeader.name(), jNamed);

        // both replicas synchronous (so that the Patroni node is one), then jpatroni to Patroni, by jpatronictl
        assertThat(patchConfig(jLeader, "{\"synchronous_node_count\":2}").statusCode()).isEqualTo(200);
        Set<String> both = awaitConsistentKey(cluster, jLeader, 2);
        assertThat(both).contains(patroni.name());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(MixedCluster.status(patroni, "/sync")).isEqualTo(200));
        Processes.Result toP = Jpatronictl.run(jLeader.configFile(), "switchover", "--leader", jLeader.name(),
                "--candidate", patroni.name(), "--force");
        assertThat(toP.exitCode()).as(toP.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.leader().filter(patroni::equals).isPresent());
        NodeConfig pLeader = cluster.awaitHealthy(Duration.ofSeconds(120));
        Set<String> pNamed = awaitConsistentKey(cluster, pLeader, 2);
        assertThat(pNamed).containsExactlyInAnyOrderElementsOf(cluster.nodes().stream().filter(n -> n != pLeader)
                .map(NodeConfig::name).toList());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String s : pNamed) {
                assertThat(MixedCluster.status(cluster.node(s), "/sync")).as(s).isEqualTo(200);
            }
        });
        assertThat(patchConfig(pLeader, "{\"synchronous_node_count\":1}").statusCode()).isEqualTo(200);
        awaitConsistentKey(cluster, pLeader, 1);
    }

    /**
     * Waits until the key, written by {@code leader}, names {@code count} standbys, each listed in the leader's
     * synchronous_standby_names and reported {@code sync} by its pg_stat_replication; returns their names.
     */
    private static Set<String> awaitConsistentKey(MixedCluster cluster, NodeConfig leader, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> {
                    SyncKey.Value key = SyncKey.read(cluster.etcd(), SCOPE).orElseThrow();
                    assertThat(key.leader()).as(key.raw()).contains(leader.name());
                    assertThat(key.standbys()).as(key.raw()).hasSize(count);
                    String ssn = SyncKey.synchronousStandbyNames(leader.pgPort());
                    List<String> rows = SyncKey.replication(leader.pgPort());
                    for (String s : key.standbys()) {
                        assertThat(ssn).contains(s);
                        assertThat(rows).contains(s + ":sync");
                    }
                });
        return new TreeSet<>(SyncKey.read(cluster.etcd(), SCOPE).orElseThrow().standbys());
    }

    private static HttpResponse<String> patchConfig(NodeConfig node, String json) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString("patroni:restsecret"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort() + "/config"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
