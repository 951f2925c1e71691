package io.jpatroni.it.mgmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The other management verbs on one 3-node jpatroni cluster: a restart-only parameter changed with edit-config shows
 * as pending and {@code restart --pending} clears it; a scheduled restart; reload; reinit of a replica; failover to a
 * named replica while the leader is dead; pause (a dead primary is not replaced) and resume.
 */
class MaintenanceIT {
    private static final String SCOPE = "maint";

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER = ClusterExtension.of(() -> JPatroniCluster.start(SCOPE, 3));

    private static String ctl(String... args) {
        Processes.Result r = Jpatronictl.run(CLUSTER.cluster().nodes().get(0).config().configFile(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    @Test
    void pendingRestartAfterEditConfigIsClearedByRestartPending(JPatroniCluster cluster) throws Exception {
        int raised = Integer.parseInt(cluster.leader().orElseThrow().queryOne("SHOW max_connections")) + 10;
        ctl("edit-config", SCOPE, "--force", "-p", "max_connections=" + raised);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(ctl("list", SCOPE)).contains("Pending restart").containsPattern("\\| \\*"));
        Processes.Result py = Jpatronictl.patronictl(cluster.nodes().get(0).config().configFile(), "list", SCOPE);
        assertThat(py.output()).as("real patronictl").contains("Pending restart").containsPattern("\\| \\*");
        String out = ctl("restart", SCOPE, "--pending", "--force");
        assertThat(out).contains("Success: restart on member");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(ctl("list", SCOPE)).doesNotContain("Pending restart"));
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(30));
        assertThat(leader.queryOne("SHOW max_connections")).isEqualTo(Integer.toString(raised));
    }

    @Test
    void scheduledRestartOfAReplicaFires(JPatroniCluster cluster) throws Exception {
        JPatroniNode replica = cluster.replicas().get(0);
        String before = replica.get("/patroni").orElseThrow().body()
                .replaceAll(".*\"postmaster_start_time\": ?\"([^\"]+)\".*", "$1");
        String soon = OffsetDateTime.now().plusSeconds(4).withNano(0).toString();
        HttpResponse<String> r = Rest.call(replica, "POST", "/restart", "{\"schedule\":\"" + soon + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(ctl("list", SCOPE)).contains("Scheduled restart"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(replica.get("/patroni").orElseThrow().body()).contains("postmaster_start_time")
                        .doesNotContain(before));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(ctl("list", SCOPE)).doesNotContain("Scheduled restart"));
        cluster.awaitHealthy(Duration.ofSeconds(30));
    }

    @Test
    void reloadAndReinitOfAReplica(JPatroniCluster cluster) {
        assertThat(ctl("reload", SCOPE, "--force")).contains("Reload request received for member");
        JPatroniNode replica = cluster.replicas().get(0);
        int reinit = replica.logMark();
        String out = ctl("reinit", SCOPE, replica.name(), "--force", "--wait");
        assertThat(out).contains("Success: reinitialize for member " + replica.name());
        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(replica.logSince(reinit)).contains("reinitialize in progress");
    }

    @Test
    void failoverToANamedReplicaWhileTheLeaderIsDown(JPatroniCluster cluster) throws Exception {
        JPatroniNode old = cluster.leader().orElseThrow();
        JPatroniNode candidate = cluster.replicas().get(1);
        old.killHard();
        HttpResponse<String> r = Rest.call(candidate, "POST", "/failover",
                "{\"candidate\":\"" + candidate.name() + "\"}");
        assertThat(r.body()).isEqualTo("Successfully failed over to \"" + candidate.name() + "\"");
        assertThat(r.statusCode()).isEqualTo(200);
        old.start();
        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(cluster.leader()).containsSame(candidate);
    }

    @Test
    void pausedClusterDoesNotReplaceADeadPrimaryUntilResumed(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        int paused = leader.logMark();
        ctl("pause", SCOPE, "--wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.logSince(paused).contains("PAUSE: "));
        ProcessHandle.of(leader.postmasterPid().orElseThrow()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                leader.logSince(paused).contains("PAUSE: removed leader lock because postgres is not running"));
        // unpaused, a replica would take the free lock within a loop_wait or two: five of them pass without one
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(cluster.nodes()).as("nobody promotes while paused")
                        .allSatisfy(n -> assertThat(n.status("/primary")).as(n.name()).isNotEqualTo(200)));
        for (JPatroniNode r : cluster.replicas()) {
            assertThat(r.logTail(3)).contains("PAUSE: no action. I am (" + r.name() + ")");
        }
        assertThat(ctl("list", SCOPE)).contains("Maintenance mode: on");
        assertThat(cluster.replicas().get(0).get("/patroni").orElseThrow().body()).contains("\"pause\": true");

        ctl("resume", SCOPE, "--wait");
        cluster.awaitHealthy(Duration.ofSeconds(90));
        assertThat(ctl("list", SCOPE)).doesNotContain("Maintenance mode");
    }
}
