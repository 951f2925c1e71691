package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Timings;
import io.jpatroni.it.support.Writer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DCS failsafe mode (#9) on three jpatroni nodes behind HAProxy, with a writer through HAProxy: etcd stopped with
 * {@code failsafe_mode: true} leaves the primary writable while both replicas confirm it over {@code POST /failsafe};
 * with one replica gone as well it demotes; with {@code failsafe_mode} off it demotes as without the feature. Each
 * method turns failsafe mode on or off itself (PATCH /config) and etcd comes back before the next one.
 */
class FailsafeIT {
    private static final Timings TIMINGS = Timings.JPATRONI;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONTINUE =
            "continue to run as a leader because failsafe mode is enabled and all members are accessible";
    private static final String DEMOTED = "demoted self because DCS is not accessible and I was a leader";

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("failsafe", 3, FailsafeIT::withFailsafeMode)
                    .withHaProxy());

    /** The test YAML with {@code failsafe_mode: true} in {@code bootstrap.dcs}. */
    private static String withFailsafeMode(NodeConfig cfg) {
        String line = "    retry_timeout: " + TIMINGS.retryTimeout() + "\n";
        String yaml = cfg.yaml();
        if (!yaml.contains(line)) {
            throw new IllegalStateException("NodeConfig's bootstrap.dcs changed; adapt FailsafeIT:\n" + yaml);
        }
        return yaml.replace(line, line + "    failsafe_mode: true\n");
    }

    @Test
    void etcdStopped_thePrimaryKeepsTakingWritesWhileBothReplicasConfirmIt_etcdBack_noFailover(
            JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = failsafeMode(cluster, true);
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 50)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            int outage = leader.logMark();
            Map<JPatroniNode, Integer> replicaMarks = new HashMap<>();
            others(cluster, leader).forEach(r -> replicaMarks.put(r, r.logMark()));
            long stoppedAt = System.nanoTime();
            cluster.etcd().stop(0);

            // the first cycle without etcd: every member of the key accepted the primary's POST /failsafe
            await().atMost(Duration.ofSeconds(TIMINGS.retryTimeout() + TIMINGS.loopWait() + 10))
                    .until(() -> leader.logSince(outage).contains(CONTINUE));
            await().atMost(Duration.ofSeconds(10)).until(() -> failsafeActive(leader));
            // ... and it stays so well past the ttl: /primary 200 with failsafe_mode_is_active, HAProxy keeps writing
            await().during(Duration.ofSeconds(TIMINGS.ttl() + 5)).atMost(Duration.ofSeconds(TIMINGS.ttl() + 15))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(failsafeActive(leader)).as("/primary 200, failsafe active")
                            .isTrue());
            long beyondTtl = stoppedAt + (TIMINGS.ttl() + 2) * 1_000_000_000L;
            List<Writer.Ack> late = writer.acks().stream().filter(a -> a.nanos() > beyondTtl).toList();
            assertThat(late).as("writes acknowledged through HAProxy more than ttl after etcd stopped")
                    .hasSizeGreaterThan(50);
            assertThat(late).allSatisfy(a -> assertThat(a.serverPort()).isEqualTo(leader.config().pgPort()));
            long lastId = late.get(late.size() - 1).id();
            for (JPatroniNode replica : others(cluster, leader)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        Long.parseLong(replica.queryOne("SELECT coalesce(max(id), 0) FROM writes")))
                        .as(replica.name() + " streams the writes made during the outage")
                        .isGreaterThanOrEqualTo(lastId));
                assertThat(replica.logSince(replicaMarks.get(replica))).doesNotContain("promoted self to leader");
            }
            assertThat(JPatroniCluster.streamingReplicas(leader)).isEqualTo(2);
            System.out.printf("failsafe: etcd down %.1f s, %d writes acknowledged through HAProxy after ttl, longest"
                    + " gap %.2f s%n", (System.nanoTime() - stoppedAt) / 1e9, late.size(), writer.longestGapSeconds());

            cluster.etcd().restart(0);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> cluster.etcd()
                    .etcdctl("get", "--print-value-only", "/service/failsafe/leader").trim().equals(leader.name()));
            await().atMost(Duration.ofSeconds(TIMINGS.ttl() + 5)).until(() -> leader.status("/primary") == 200
                    && !failsafeActive(leader));
            assertThat(cluster.awaitHealthy(Duration.ofSeconds(30)).name()).isEqualTo(leader.name());
            assertThat(leader.logSince(outage)).doesNotContain("demot");
            writer.close();
            assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).as("acknowledged writes lost").isEmpty();
        }
    }

    /**
     * etcd frozen, not stopped: every request hangs for the whole retry_timeout instead of failing at once, so a
     * cycle that renewed the lock can then hang on its status and member writes. The fence (on by default, deadline
     * ttl - safety_margin after the last renewal) must be renewed by the failsafe confirmation in time: the primary's
     * postmaster survives the outage and keeps taking writes (#12: it was stopped by the fence 5 s into the outage).
     */
    @Test
    @Tag("extended")
    void etcdFrozen_theFenceIsRenewedByTheFailsafeRound_thePostmasterSurvives(JPatroniCluster cluster)
            throws Exception {
        JPatroniNode leader = failsafeMode(cluster, true);
        long postmaster = leader.postmasterPid().orElseThrow();
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 50)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            assertThat(leader.logSince(0)).as("the fence guards this primary").contains("fence");
            int outage = leader.logMark();
            long frozenAt = System.nanoTime();
            cluster.etcd().freeze(0);
            try {
                await().atMost(Duration.ofSeconds(TIMINGS.retryTimeout() * 2L + TIMINGS.loopWait() + 10))
                        .until(() -> leader.logSince(outage).contains(CONTINUE));
                await().during(Duration.ofSeconds(TIMINGS.ttl() + 5)).atMost(Duration.ofSeconds(TIMINGS.ttl() + 15))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(failsafeActive(leader)).as("/primary 200, failsafe active")
                                .isTrue());
            } finally {
                cluster.etcd().thaw(0);
            }
            double frozenFor = (System.nanoTime() - frozenAt) / 1e9;
            assertThat(leader.logSince(outage)).as("the fence never fired").doesNotContain("passed without renewal")
                    .doesNotContain("demot");
            assertThat(leader.postmasterPid()).as("the primary's postmaster survived").contains(postmaster);
            long beyondTtl = frozenAt + (TIMINGS.ttl() + 2) * 1_000_000_000L;
            List<Writer.Ack> late = writer.acks().stream().filter(a -> a.nanos() > beyondTtl).toList();
            assertThat(late).as("writes acknowledged through HAProxy more than ttl after etcd froze")
                    .hasSizeGreaterThan(50);
            assertThat(late).allSatisfy(a -> assertThat(a.serverPort()).isEqualTo(leader.config().pgPort()));
            assertThat(cluster.awaitHealthy(Duration.ofSeconds(30)).name()).isEqualTo(leader.name());
            writer.close();
            assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).as("acknowledged writes lost").isEmpty();
            System.out.printf("failsafe, etcd frozen %.1f s: %d writes acknowledged after ttl, longest gap %.2f s,"
                    + " postmaster %d kept%n", frozenFor, late.size(), writer.longestGapSeconds(), postmaster);
        }
    }

    @Test
    void etcdStoppedAndOneReplicaGone_thePrimaryDemotesWithinTheTtl(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = failsafeMode(cluster, true);
        JPatroniNode gone = others(cluster, leader).get(0);
        int outage = leader.logMark();
        cluster.etcd().stop(0);
        await().atMost(Duration.ofSeconds(TIMINGS.retryTimeout() + TIMINGS.loopWait() + 10))
                .until(() -> leader.logSince(outage).contains(CONTINUE));

        long stoppedAt = System.nanoTime();
        gone.stop(Duration.ofSeconds(60));   // its REST API with it: the next round misses one member
        double stopTook = (System.nanoTime() - stoppedAt) / 1e9;
        await().atMost(Duration.ofSeconds(TIMINGS.ttl() + 10)).pollInterval(Duration.ofMillis(100))
                .until(() -> leader.status("/primary") != 200);
        double demotedAfter = (System.nanoTime() - stoppedAt) / 1e9;
        await().atMost(Duration.ofSeconds(30)).until(() -> leader.logSince(outage).contains(DEMOTED));
        System.out.printf("failsafe: %s stopped (%.1f s), %s stopped answering /primary %.2f s after it was asked"
                + " to stop%n", gone.name(), stopTook, leader.name(), demotedAfter);
        assertThat(demotedAfter).as("demoted within the ttl of the last confirmed round").isLessThan(TIMINGS.ttl());
        assertThat(leader.logSince(outage)).contains("Request failed to " + gone.name() + ": POST");
        assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.status("/primary")).isNotEqualTo(200));
    }

    @Test
    void failsafeModeOff_theKeyIsDeletedAndThePrimaryDemotesWhenEtcdStops(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = failsafeMode(cluster, false);
        assertThat(cluster.etcd().etcdctl("get", "--prefix", "--keys-only", "/service/failsafe/"))
                .doesNotContain("/service/failsafe/failsafe");
        for (JPatroniNode n : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> n.status("/failsafe") == 502);
        }

        int outage = leader.logMark();
        long stoppedAt = System.nanoTime();
        cluster.etcd().stop(0);
        await().atMost(Duration.ofSeconds(TIMINGS.retryTimeout() + TIMINGS.loopWait() + 10))
                .pollInterval(Duration.ofMillis(50)).until(() -> leader.status("/primary") != 200);
        double demotedAfter = (System.nanoTime() - stoppedAt) / 1e9;
        await().atMost(Duration.ofSeconds(30)).until(() -> leader.logSince(outage).contains(DEMOTED));
        System.out.printf("failsafe off: %s stopped answering /primary %.2f s after etcd stopped%n", leader.name(),
                demotedAfter);
        assertThat(demotedAfter).isLessThan(TIMINGS.retryTimeout() + TIMINGS.loopWait() + 1);
        assertThat(leader.logSince(outage)).doesNotContain(CONTINUE);
        assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.status("/primary")).isNotEqualTo(200));
    }

    /**
     * Sets {@code failsafe_mode} with {@code PATCH /config} and waits until every member serves the failsafe key
     * the leader wrote (all three members' api_url) or, when off, none; returns the leader.
     */
    private static JPatroniNode failsafeMode(JPatroniCluster cluster, boolean on) throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        HttpResponse<String> patch = call(leader, "PATCH", "/config", "{\"failsafe_mode\": " + on + "}");
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
        for (JPatroniNode n : cluster.nodes()) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Optional<HttpResponse<String>> r = n.get("/failsafe");
                assertThat(r).isPresent();
                if (on) {
                    assertThat(r.get().statusCode()).isEqualTo(200);
                    JsonNode key = JSON.readTree(r.get().body());
                    List<String> names = new ArrayList<>();
                    key.fieldNames().forEachRemaining(names::add);
                    assertThat(names).containsExactlyInAnyOrder("node1", "node2", "node3");
                    for (JPatroniNode m : cluster.nodes()) {
                        assertThat(key.path(m.name()).asText()).isEqualTo(m.url("/patroni").toString());
                    }
                } else {
                    assertThat(r.get().statusCode()).isEqualTo(502);
                }
            });
        }
        return leader;
    }

    /** {@code /primary} answers 200 with {@code "failsafe_mode_is_active": true} in its body. */
    private static boolean failsafeActive(JPatroniNode node) {
        return node.get("/primary").filter(r -> r.statusCode() == 200).map(r -> {
            try {
                return JSON.readTree(r.body()).path("failsafe_mode_is_active").asBoolean(false);
            } catch (IOException e) {
                return false;
            }
        }).orElse(false);
    }

    private static List<JPatroniNode> others(JPatroniCluster cluster, JPatroniNode leader) {
        return cluster.nodes().stream().filter(n -> n != leader).toList();
    }

    static HttpResponse<String> call(JPatroniNode node, String method, String path, String json) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.config().restPort() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
