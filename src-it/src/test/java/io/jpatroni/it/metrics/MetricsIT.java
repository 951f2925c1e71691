package io.jpatroni.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Prometheus;
import io.jpatroni.it.support.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of three live jpatroni nodes as Prometheus tooling takes it: {@code promtool check metrics}
 * accepts each node's text, a real Prometheus (Debian's package) scrapes all three every second, its
 * {@code patroni_primary} / {@code patroni_replica} series name the leader and the replicas, follow a switchover by
 * jpatronictl, and every expression of the Grafana dashboard in {@code contrib/grafana} evaluates.
 */
class MetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("metrics", 3));

    @TempDir
    Path tmp;

    @Test
    void prometheusScrapesEveryNodeAndTheRolesFollowASwitchover(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        for (JPatroniNode node : cluster.nodes()) {
            String text = node.get("/metrics").orElseThrow().body();
            assertThat(text).contains("patroni_postgres_state{scope=\"metrics\",name=\"" + node.name() + "\"} 5\n",
                    "jpatroni_ha_cycle_duration_seconds_count{scope=\"metrics\",name=\"" + node.name() + "\"}");
            Processes.Result check = Prometheus.checkMetrics(text);
            assertThat(check.exitCode()).as("promtool check metrics on %s:%n%s", node.name(), check.output()).isZero();
        }

        List<String> targets = cluster.nodes().stream().map(n -> "127.0.0.1:" + n.config().restPort()).toList();
        try (Prometheus prometheus = Prometheus.start(tmp.resolve("prometheus"), targets)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JsonNode active = prometheus.targets();
                assertThat(active).hasSize(3);
                for (JsonNode t : active) {
                    assertThat(t.path("health").asText()).as("%s: %s", t.path("scrapeUrl").asText(),
                            t.path("lastError").asText()).isEqualTo("up");
                }
            });
            awaitRoles(prometheus, cluster, leader);

            JPatroniNode candidate = cluster.replicas().get(0);
            Processes.Result switchover = Jpatronictl.run(cluster.nodes().get(0).config().configFile(), "switchover",
                    "--force", "--leader", leader.name(), "--candidate", candidate.name());
            assertThat(switchover.exitCode()).as(switchover.output()).isZero();
            cluster.awaitHealthy(Duration.ofSeconds(60));
            assertThat(cluster.leader()).contains(candidate);
            awaitRoles(prometheus, cluster, candidate);
            assertThat(values(prometheus, "max by (name) (patroni_postgres_timeline)").get(candidate.name()))
                    .as("the promotion started a timeline").isGreaterThanOrEqualTo(2);
            assertThat(values(prometheus,
                    "jpatroni_leader_lock_acquisitions_total{outcome=\"acquired\"}").get(candidate.name()))
                    .isGreaterThanOrEqualTo(1);

            for (String expr : dashboardExpressions()) {
                String promql = expr.replace("$scope", "metrics").replace("$__rate_interval", "1m");
                prometheus.query(promql);   // throws when Prometheus refuses it
            }
            assertThat(values(prometheus, "max by (name) (3 * patroni_primary{scope=~\"metrics\"}"
                    + " + 2 * patroni_standby_leader{scope=~\"metrics\"} + patroni_replica{scope=~\"metrics\"})"))
                    .as("the dashboard's role panel").containsEntry(candidate.name(), 3L).hasSize(3);
        }
    }

    /** Prometheus's last samples say exactly {@code leader} is primary and the two others replicas. */
    private static void awaitRoles(Prometheus prometheus, JPatroniCluster cluster, JPatroniNode leader) {
        Set<String> replicas = new TreeSet<>();
        cluster.nodes().stream().filter(n -> n != leader).forEach(n -> replicas.add(n.name()));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(names(prometheus.query("patroni_primary == 1"))).containsExactly(leader.name());
            assertThat(names(prometheus.query("patroni_replica == 1"))).isEqualTo(replicas);
            JsonNode primary = prometheus.query("patroni_primary == 1").get(0).path("metric");
            assertThat(primary.path("instance").asText()).isEqualTo("127.0.0.1:" + leader.config().restPort());
            assertThat(primary.path("scope").asText()).isEqualTo("metrics");
        });
    }

    private static Set<String> names(JsonNode result) {
        Set<String> names = new TreeSet<>();
        result.forEach(r -> names.add(r.path("metric").path("name").asText()));
        return names;
    }

    private static Map<String, Long> values(Prometheus prometheus, String promql) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode r : prometheus.query(promql)) {
            out.put(r.path("metric").path("name").asText(), (long) Double.parseDouble(r.path("value").get(1).asText()));
        }
        return out;
    }

    private static List<String> dashboardExpressions() throws Exception {
        JsonNode dashboard = JSON.readTree(Repo.root().resolve("contrib/grafana/jpatroni.json").toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
        }
        assertThat(exprs).hasSizeGreaterThan(10);
        return exprs;
    }
}
