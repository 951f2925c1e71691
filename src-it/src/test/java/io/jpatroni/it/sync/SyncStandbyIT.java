package io.jpatroni.it.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.SyncKey;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Synchronous replication on one real 3-node cluster, one independent method per behaviour (each first sets the
 * synchronous settings it needs with {@code PATCH /config}): the REST health checks and both ctls' roles (real
 * patronictl 3.0.2 too) and the switchover refusals; a synchronous standby whose walreceiver is frozen (SIGSTOP)
 * falls behind {@code maximum_lag_on_syncnode} and is replaced; {@code synchronous_node_count: 2}; Patroni 4's quorum
 * commit; and {@code synchronous_mode_strict} with no replica left blocks writes instead of acknowledging them, until
 * a replica is back.
 */
class SyncStandbyIT {
    private static final String SCOPE = "syncstandby";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** synchronous_mode on, not strict, one synchronous standby: what each method starts from. */
    private static final String ON = "{\"synchronous_mode\":true,\"synchronous_mode_strict\":false,"
            + "\"synchronous_node_count\":1}";

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER = ClusterExtension.of(() -> JPatroniCluster.start(SCOPE, 3,
            cfg -> SyncFailoverIT.withDcs(cfg.yaml(),
                    "    synchronous_mode: true\n    maximum_lag_on_syncnode: 1048576\n")));

    private JPatroniCluster cluster;

    /** The leader, once the settings are {@link #ON} and the key names one standby PostgreSQL waits for. */
    private JPatroniNode syncOn(JPatroniCluster cluster) throws Exception {
        this.cluster = cluster;
        JPatroniNode leader = cluster.leader().orElseThrow();
        assertThat(patchConfig(leader, ON).statusCode()).isEqualTo(200);
        awaitKey(leader, Set.of(), 1);
        return leader;
    }

    private JPatroniNode other(JPatroniNode leader, JPatroniNode sync) {
        return cluster.nodes().stream().filter(n -> n != leader && n != sync).findFirst().orElseThrow();
    }

    @Test
    void healthChecksRolesAndSwitchoverRefusals(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = syncOn(cluster);
        JPatroniNode sync = awaitKey(leader, Set.of(), 1).iterator().next();
        healthChecksRolesAndRefusals(leader, sync, other(leader, sync));
    }

    @Test
    void laggingSyncStandbyIsReplaced(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = syncOn(cluster);
        JPatroniNode sync = awaitKey(leader, Set.of(), 1).iterator().next();
        laggingSyncStandbyIsReplaced(leader, sync, other(leader, sync));
    }

    /**
     * The synchronous standby gets {@code tags.nosync: true} (its file edited, SIGHUP): the other replica replaces it,
     * and it stays out even when {@code synchronous_node_count: 2} asks for two.
     */
    @Test
    void aNosyncReplicaIsNeverChosen(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = syncOn(cluster);
        JPatroniNode sync = awaitKey(leader, Set.of(), 1).iterator().next();
        JPatroniNode other = other(leader, sync);
        Path file = sync.config().configFile();
        String original = Files.readString(file);
        assertThat(original).contains("  nosync: false\n");
        Files.writeString(file, original.replace("  nosync: false\n", "  nosync: true\n"));
        sync.sighup();
        try {
            awaitKey(leader, Set.of(other.name()), 0);
            assertThat(SyncKey.synchronousStandbyNames(leader.config().pgPort())).isEqualTo(other.name());
            assertThat(patchConfig(leader, "{\"synchronous_node_count\":2}").statusCode()).isEqualTo(200);
            // (atMost just past the window: a lapse within it fails the test instead of restarting the window)
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                    .untilAsserted(() -> {
                        assertThat(SyncKey.read(cluster.etcd(), SCOPE).orElseThrow().standbys())
                                .containsExactly(other.name());
                        assertThat(SyncKey.synchronousStandbyNames(leader.config().pgPort()))
                                .isEqualTo(other.name());
                    });
            assertThat(sync.status("/async")).isEqualTo(200);
        } finally {
            Files.writeString(file, original);
            sync.sighup();
        }
    }

    @Test
    void synchronousNodeCountTwo(JPatroniCluster cluster) throws Exception {
        nodeCountTwo(syncOn(cluster));
    }

    @Test
    void quorumCommit(JPatroniCluster cluster) throws Exception {
        quorumCommit(syncOn(cluster));
    }

    @Test
    void strictModeWithoutReplicaBlocksWrites(JPatroniCluster cluster) throws Exception {
        strictWithoutReplicaBlocksWrites(syncOn(cluster));
    }

    private void healthChecksRolesAndRefusals(JPatroniNode leader, JPatroniNode sync, JPatroniNode async)
            throws Exception {
        Map<String, List<Integer>> expected = Map.of(
                "/sync", List.of(503, 200, 503),
                "/synchronous", List.of(503, 200, 503),
                "/read-only-sync", List.of(200, 200, 503),
                "/read-only-synchronous", List.of(200, 200, 503),
                "/async", List.of(503, 503, 200),
                "/asynchronous", List.of(503, 503, 200),
                "/quorum", List.of(503, 503, 503),
                "/read-only-quorum", List.of(200, 503, 503));
        for (Map.Entry<String, List<Integer>> e : expected.entrySet()) {
            assertThat(List.of(leader.status(e.getKey()), sync.status(e.getKey()), async.status(e.getKey())))
                    .as("GET %s on the leader, the sync standby, the async standby", e.getKey())
                    .isEqualTo(e.getValue());
        }
        assertThat(JSON.readTree(sync.get("/patroni").orElseThrow().body()).path("sync_standby").asBoolean())
                .isTrue();
        assertThat(JSON.readTree(async.get("/patroni").orElseThrow().body()).has("sync_standby")).isFalse();
        assertThat(cluster.node(sync.name()).get("/metrics").orElseThrow().body())
                .contains("patroni_sync_standby{scope=\"" + SCOPE + "\",name=\"" + sync.name() + "\"} 1");

        for (Processes.Result list : List.of(Jpatronictl.patronictl(leader.config().configFile(), "list"),
                Jpatronictl.run(leader.config().configFile(), "list"))) {
            assertThat(list.exitCode()).as(list.output()).isZero();
            assertThat(row(list.output(), sync.name())).contains("| Sync Standby |");
            assertThat(row(list.output(), async.name())).contains("| Replica ");
            assertThat(row(list.output(), leader.name())).contains("| Leader ");
        }

        HttpResponse<String> refused = post(leader, "/switchover",
                "{\"leader\":\"" + leader.name() + "\",\"candidate\":\"" + async.name() + "\"}");
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(refused.body()).isEqualTo("candidate name does not match with sync_standby");
        for (Processes.Result ctl : List.of(
                Jpatronictl.patronictl(leader.config().configFile(), "switchover", "--leader", leader.name(),
                        "--candidate", async.name(), "--force"),
                Jpatronictl.run(leader.config().configFile(), "switchover", "--leader", leader.name(),
                        "--candidate", async.name(), "--force"))) {
            assertThat(ctl.output()).contains("Switchover failed, details: 412, candidate name does not match with"
                    + " sync_standby");
        }
        assertThat(cluster.leader()).contains(leader);
    }

    /** SIGSTOP on the sync standby's walreceiver, then more than maximum_lag_on_syncnode of WAL on the primary. */
    private void laggingSyncStandbyIsReplaced(JPatroniNode leader, JPatroniNode sync, JPatroniNode async)
            throws Exception {
        long walreceiver = walreceiverPid(sync);
        Processes.run(new ProcessBuilder("kill", "-STOP", Long.toString(walreceiver)), Duration.ofSeconds(5));
        try {
            long start = System.nanoTime();
            try (Connection c = SyncKey.connect(leader.config().pgPort(), 30); Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = local");
                s.execute("CREATE TABLE IF NOT EXISTS filler (x text)");
                s.execute("INSERT INTO filler SELECT repeat('x', 1000) FROM generate_series(1, 4000)");
            }
            awaitKey(leader, Set.of(async.name()), 0);
            System.out.printf("sync standby %s frozen: replaced by %s after %.1f s%n", sync.name(), async.name(),
                    (System.nanoTime() - start) / 1e9);
            assertThat(SyncKey.synchronousStandbyNames(leader.config().pgPort())).isEqualTo(async.name());
        } finally {
            Processes.run(new ProcessBuilder("kill", "-CONT", Long.toString(walreceiver)), Duration.ofSeconds(5));
        }
    }

    private void nodeCountTwo(JPatroniNode leader) throws Exception {
        assertThat(patchConfig(leader, "{\"synchronous_node_count\":2}").statusCode()).isEqualTo(200);
        Set<String> replicas = new TreeSet<>(cluster.nodes().stream().filter(n -> n != leader)
                .map(JPatroniNode::name).toList());
        awaitKey(leader, replicas, 0);
        assertThat(SyncKey.synchronousStandbyNames(leader.config().pgPort()))
                .isEqualTo("2 (" + String.join(",", replicas) + ")");
        for (String r : replicas) {
            assertThat(cluster.node(r).status("/sync")).isEqualTo(200);
        }
        assertThat(SyncKey.replication(leader.config().pgPort())).allSatisfy(r -> assertThat(r).endsWith(":sync"));
    }

    private void quorumCommit(JPatroniNode leader) throws Exception {
        assertThat(patchConfig(leader, "{\"synchronous_mode\":\"quorum\",\"synchronous_node_count\":1}")
                .statusCode()).isEqualTo(200);
        Set<String> replicas = new TreeSet<>(cluster.nodes().stream().filter(n -> n != leader)
                .map(JPatroniNode::name).toList());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(SyncKey.synchronousStandbyNames(leader.config().pgPort()))
                            .isEqualTo("ANY 1 (" + String.join(",", replicas) + ")");
                    SyncKey.Value key = SyncKey.read(cluster.etcd(), SCOPE).orElseThrow();
                    assertThat(key.standbys()).isEqualTo(replicas);
                    assertThat(key.quorum()).contains(1);
                    for (String r : replicas) {
                        assertThat(cluster.node(r).status("/quorum")).isEqualTo(200);
                        assertThat(cluster.node(r).status("/read-only-quorum")).isEqualTo(200);
                        assertThat(cluster.node(r).status("/sync")).isEqualTo(503);
                        assertThat(cluster.node(r).status("/async")).isEqualTo(503);
                    }
                });
        assertThat(SyncKey.replication(leader.config().pgPort())).allSatisfy(r -> assertThat(r).endsWith(":quorum"));
        Processes.Result list = Jpatronictl.run(leader.config().configFile(), "list");
        replicas.forEach(r -> assertThat(row(list.output(), r)).contains("| Quorum Standby |"));
        // Patroni 3.0.2 knows no quorum commit: its patronictl calls every member the key names a sync standby
        Processes.Result patroni = Jpatronictl.patronictl(leader.config().configFile(), "list");
        replicas.forEach(r -> assertThat(row(patroni.output(), r)).contains("| Sync Standby |"));
    }

    private void strictWithoutReplicaBlocksWrites(JPatroniNode leader) throws Exception {
        assertThat(patchConfig(leader, "{\"synchronous_mode\":true,\"synchronous_mode_strict\":true}")
                .statusCode()).isEqualTo(200);
        List<JPatroniNode> replicas = cluster.nodes().stream().filter(n -> n != leader).toList();
        awaitKey(leader, Set.of(), 1);
        try (Connection c = SyncKey.connect(leader.config().pgPort(), 30); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS strict_writes (id int)");
        }
        for (JPatroniNode r : replicas) {
            r.stop(Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(SyncKey.synchronousStandbyNames(leader.config().pgPort())).isEqualTo("*");
                    assertThat(SyncKey.read(cluster.etcd(), SCOPE).orElseThrow().standbys()).isEmpty();
                });

        long started = System.nanoTime();
        assertThatThrownBy(() -> {
            try (Connection c = SyncKey.connect(leader.config().pgPort(), 5); Statement s = c.createStatement()) {
                s.execute("INSERT INTO strict_writes VALUES (1)");
            }
        }).as("a write with no synchronous standby is not acknowledged: the client's 5 s read timeout ends it")
                .isInstanceOf(SQLException.class).hasRootCauseInstanceOf(SocketTimeoutException.class);
        System.out.printf("strict mode without replica: the write was not acknowledged, client gave up after"
                + " %.1f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(leader.status("/primary")).isEqualTo(200);

        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            long t = System.nanoTime();
            try (Connection c = SyncKey.connect(leader.config().pgPort(), 0); Statement s = c.createStatement()) {
                s.execute("INSERT INTO strict_writes VALUES (2)");
                return System.nanoTime() - t;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        // the write waits as long as no standby runs
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !waiting.isDone());
        replicas.get(0).start();
        long waited = waiting.get(90, TimeUnit.SECONDS);
        System.out.printf("strict mode: the waiting write was acknowledged %.1f s after it was sent, once %s"
                + " streamed%n", waited / 1e9, replicas.get(0).name());
    }

    /**
     * Waits until the key, written by {@code leader}, names exactly {@code standbys} (or, with {@code count} &gt; 0,
     * any {@code count} standbys), each answering {@code /sync} 200 and listed in the leader's
     * synchronous_standby_names; returns them.
     */
    private Set<JPatroniNode> awaitKey(JPatroniNode leader, Set<String> standbys, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    SyncKey.Value key = SyncKey.read(cluster.etcd(), SCOPE).orElseThrow();
                    assertThat(key.leader()).contains(leader.name());
                    if (count > 0) {
                        assertThat(key.standbys()).hasSize(count);
                    } else {
                        assertThat(key.standbys()).isEqualTo(standbys);
                    }
                    String ssn = SyncKey.synchronousStandbyNames(leader.config().pgPort());
                    for (String s : key.standbys()) {
                        assertThat(ssn).contains(s);
                        assertThat(cluster.node(s).status("/sync")).isEqualTo(200);
                    }
                });
        return new LinkedHashSet<>(SyncKey.read(cluster.etcd(), SCOPE).orElseThrow().standbys().stream()
                .map(cluster::node).toList());
    }

    private static long walreceiverPid(JPatroniNode node) {
        long postmaster = node.postmasterPid().orElseThrow();
        Optional<ProcessHandle> walreceiver = ProcessHandle.of(postmaster).orElseThrow().children()
                .filter(p -> p.info().commandLine().orElse("").contains("walreceiver")
                        || p.info().command().orElse("").contains("walreceiver")
                        || Processes.run(new ProcessBuilder("ps", "-o", "cmd=", "-p", Long.toString(p.pid())),
                        Duration.ofSeconds(5)).contains("walreceiver"))
                .findFirst();
        return walreceiver.orElseThrow(() -> new AssertionError("no walreceiver under " + postmaster)).pid();
    }

    private static String row(String table, String member) {
        return table.lines().filter(l -> l.startsWith("| " + member + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + member + " in\n" + table));
    }

    private static HttpResponse<String> patchConfig(JPatroniNode node, String json) throws Exception {
        return call(node, "PATCH", "/config", json);
    }

    private static HttpResponse<String> post(JPatroniNode node, String path, String json) throws Exception {
        return call(node, "POST", path, json);
    }

    static HttpResponse<String> call(JPatroniNode node, String method, String path, String json) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString("patroni:restsecret"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.config().restPort() + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
