package io.jpatroni.it.e2e;

import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.MixedCluster;
import io.jpatroni.it.support.MixedCluster.Impl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Timings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failsafe mode between a real Patroni 3.0.2 node and two jpatroni nodes on one etcd, {@code failsafe_mode: true}:
 * {@code GET /failsafe} and {@code POST /failsafe} answer alike on both (status, content type, body), and with etcd
 * stopped a Patroni primary is kept alive by the jpatroni replicas' answers to its {@code POST /failsafe}, then,
 * after a switchover, a jpatroni primary by the Patroni replica's (and the other jpatroni's).
 */
@Tag("extended") // long tier (scripts/test --all): the jpatroni-only IT beside it covers the same feature in CI
class FailsafeMixedIT {
    private static final Timings TIMINGS = Timings.PATRONI;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONTINUE =
            "continue to run as a leader because failsafe mode is enabled and all members are accessible";

    @RegisterExtension
    static final ClusterExtension<MixedCluster> CLUSTER = ClusterExtension.of(FailsafeMixedIT::onePatroniTwoJpatroni)
            .withLogLines(120);

    /** Three Patroni nodes, then every one but the leader replaced by jpatroni (same YAML and data directory). */
    private static MixedCluster onePatroniTwoJpatroni() {
        MixedCluster c = MixedCluster.startPatroni("fsmixed", List.of("node1", "node2", "node3"));
        try {
            NodeConfig leader = c.awaitHealthy(Duration.ofSeconds(120));
            for (NodeConfig n : c.nodes()) {
                if (!n.name().equals(leader.name())) {
                    c.stop(n);
                    c.start(n, Impl.JPATRONI);
                    c.awaitHealthy(Duration.ofSeconds(120));
                }
            }
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    @Test
    void patroniPrimaryKeptAliveByJpatroniReplicas_thenJpatroniPrimaryByThePatroniReplica(MixedCluster cluster)
            throws Exception {
        NodeConfig patroni = cluster.running(Impl.PATRONI).get(0);
        List<NodeConfig> jpatroni = cluster.running(Impl.JPATRONI);
        NodeConfig leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        if (!leader.name().equals(patroni.name())) {
            switchover(cluster, leader, patroni);
        }
        failsafeMode(patroni, true);
        sameFailsafeKeyEverywhere(cluster);

        // POST /failsafe to the primary: both refuse with Patroni's 500 (a Patroni primary here, jpatroni's below)
        Answer patroniPrimary = postFailsafe(patroni, pingFrom(patroni));
        assertThat(patroniPrimary.status()).isEqualTo(500);
        assertThat(patroniPrimary.body()).isEqualTo("Running as a leader");
        Answer jpatroniReplica = postFailsafe(jpatroni.get(0), pingFrom(patroni));
        assertThat(jpatroniReplica.status()).isEqualTo(200);
        assertThat(jpatroniReplica.body()).isEqualTo("Accepted");
        assertThat(jpatroniReplica.contentType()).isEqualTo(patroniPrimary.contentType());

        survivesOutage(cluster, patroni, jpatroni);

        NodeConfig jLeader = jpatroni.get(0);
        switchover(cluster, patroni, jLeader);
        sameFailsafeKeyEverywhere(cluster);
        Answer jpatroniPrimary = postFailsafe(jLeader, pingFrom(jLeader));
        Answer patroniReplica = postFailsafe(patroni, pingFrom(jLeader));
        assertThat(jpatroniPrimary).isEqualTo(patroniPrimary);
        assertThat(patroniReplica.status()).isEqualTo(jpatroniReplica.status());
        assertThat(patroniReplica.body()).isEqualTo(jpatroniReplica.body());
        assertThat(patroniReplica.contentType()).isEqualTo(jpatroniReplica.contentType());

        survivesOutage(cluster, jLeader, List.of(patroni, jpatroni.get(1)));

        // failsafe_mode off: the key is gone, GET and POST /failsafe answer Patroni's 502 page on both
        failsafeMode(jLeader, false);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (NodeConfig n : cluster.nodes()) {
                assertThat(MixedCluster.status(n, "/failsafe")).as(n.name() + " GET /failsafe").isEqualTo(502);
            }
        });
        HttpResponse<String> patroniGet = MixedCluster.get(patroni, "/failsafe").orElseThrow();
        HttpResponse<String> jpatroniGet = MixedCluster.get(jLeader, "/failsafe").orElseThrow();
        assertThat(jpatroniGet.body()).isEqualTo(patroniGet.body());
        assertThat(postFailsafe(jLeader, pingFrom(jLeader))).isEqualTo(postFailsafe(patroni, pingFrom(jLeader)));
        assertThat(postFailsafe(patroni, pingFrom(jLeader)).status()).isEqualTo(502);
    }

    /**
     * etcd stopped: {@code primary} says it continues as leader (its log), answers {@code /primary} 200 with
     * {@code failsafe_mode_is_active} for longer than the ttl, and each replica reports the primary's pings
     * ({@code failsafe_mode_is_active} in its {@code /patroni}); etcd back: the same primary, everyone streaming.
     */
    private static void survivesOutage(MixedCluster cluster, NodeConfig primary, List<NodeConfig> replicas)
            throws Exception {
        long logSize = Files.size(logOf(cluster, primary));
        if (cluster.impl(primary).orElseThrow() == Impl.PATRONI) {
            // Patroni 3.0.2 demotes without asking anyone when etcd dies between its cycle's load and its lock
            // renewal (update_leader returns False instead of raising: its issues #3403 and #3572); jpatroni judges
            // that cycle as an outage. To test what the jpatroni replicas answer, etcd stops just after a Patroni
            // cycle ended, so that Patroni's next load is the call that fails
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Files.readString(logOf(cluster, primary)).substring((int) logSize)
                            .contains("the leader with the lock"));
        }
        cluster.etcd().stop(0);
        long afterStop = Files.size(logOf(cluster, primary));
        await().atMost(Duration.ofSeconds(TIMINGS.retryTimeout() + TIMINGS.loopWait() + 15))
                .until(() -> Files.readString(logOf(cluster, primary)).substring((int) afterStop).contains(CONTINUE));
        await().atMost(Duration.ofSeconds(10)).until(() -> active(primary, "/primary"));
        await().during(Duration.ofSeconds(TIMINGS.ttl() + 5)).atMost(Duration.ofSeconds(TIMINGS.ttl() + 20))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(active(primary, "/primary"))
                        .as(primary.name() + " /primary 200 with failsafe_mode_is_active").isTrue());
        for (NodeConfig r : replicas) {
            assertThat(active(r, "/patroni")).as(r.name() + " was pinged by " + primary.name()).isTrue();
        }
        System.out.printf("failsafe mixed (%s): %s kept as primary by %s through a %d s etcd outage%n",
                cluster.shape(), primary.name(), replicas.stream().map(NodeConfig::name).toList(),
                TIMINGS.ttl() + 5);
        cluster.etcd().restart(0);
        // the DCS answers the primary again: a plain leader with the lock, failsafe no longer active
        await().atMost(Duration.ofSeconds(TIMINGS.ttl() + 10)).until(() -> MixedCluster.status(primary, "/primary")
                == 200 && !active(primary, "/primary"));
        assertThat(cluster.awaitHealthy(Duration.ofSeconds(60)).name()).isEqualTo(primary.name());
    }

    /** All three nodes serve the same {@code GET /failsafe}: the key listing every member, byte for byte. */
    private static void sameFailsafeKeyEverywhere(MixedCluster cluster) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<HttpResponse<String>> answers = cluster.nodes().stream()
                    .map(n -> MixedCluster.get(n, "/failsafe").orElseThrow()).toList();
            assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
            JsonNode key = JSON.readTree(answers.get(0).body());
            for (NodeConfig n : cluster.nodes()) {
                assertThat(key.path(n.name()).asText()).isEqualTo("http://127.0.0.1:" + n.restPort() + "/patroni");
            }
            assertThat(answers).extracting(HttpResponse::body).containsOnly(answers.get(0).body());
            assertThat(answers).extracting(a -> a.headers().firstValue("Content-Type").orElse(""))
                    .containsOnly("application/json");
        });
    }

    private static boolean active(NodeConfig node, String path) {
        return MixedCluster.get(node, path).filter(r -> r.statusCode() == 200).map(r -> {
            try {
                return JSON.readTree(r.body()).path("failsafe_mode_is_active").asBoolean(false);
            } catch (IOException e) {
                return false;
            }
        }).orElse(false);
    }

    private static Path logOf(MixedCluster cluster, NodeConfig node) {
        return node.dir().resolve(cluster.impl(node).orElseThrow() == Impl.PATRONI ? "patroni.log" : "jpatroni.log");
    }

    private static void failsafeMode(NodeConfig leader, boolean on) throws Exception {
        HttpResponse<String> r = call(leader, "PATCH", "/config", "{\"failsafe_mode\": " + on + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static void switchover(MixedCluster cluster, NodeConfig from, NodeConfig to) throws Exception {
        HttpResponse<String> r = call(from, "POST", "/switchover",
                "{\"leader\": \"" + from.name() + "\", \"candidate\": \"" + to.name() + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.leader().map(NodeConfig::name)
                .filter(to.name()::equals).isPresent());
        cluster.awaitHealthy(Duration.ofSeconds(60));
    }

    /** What a primary sends (Patroni's {@code check_failsafe_topology}). */
    private static String pingFrom(NodeConfig primary) {
        return "{\"name\": \"" + primary.name() + "\", \"conn_url\": \"postgres://127.0.0.1:" + primary.pgPort()
                + "/postgres\", \"api_url\": \"http://127.0.0.1:" + primary.restPort() + "/patroni\", \"slots\": {}}";
    }

    private record Answer(int status, String contentType, String body) {
    }

    private static Answer postFailsafe(NodeConfig node, String json) throws Exception {
        HttpResponse<String> r = call(node, "POST", "/failsafe", json);
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static HttpResponse<String> call(NodeConfig node, String method, String path, String json)
            throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
