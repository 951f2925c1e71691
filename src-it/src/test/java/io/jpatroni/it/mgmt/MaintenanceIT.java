package io.jpatroni.it.mgmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The other management verbs on one 3-node jpatroni cluster, in order: a restart-only parameter changed with
 * edit-config shows as pending and {@code restart --pending} clears it; reload; reinit of a replica; failover
 * to a named replica while the leader is dead; pause (a dead primary is not replaced) and resume.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceIT {
    private static final String SCOPE = "maint";
    private static JPatroniCluster cluster;
    private static Path config;

    @BeforeAll
    static void start() {
        cluster = JPatroniCluster.start(SCOPE, 3);
        try {
            config = cluster.awaitHealthy(Duration.ofSeconds(90)).config().configFile();
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String ctl(String... args) {
        Processes.Result r = Jpatronictl.run(config, args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    @Test
    @Order(1)
    void pendingRestartAfterEditConfigIsClearedByRestartPending() {
        try {
            ctl("edit-config", SCOPE, "--force", "-p", "max_connections=60");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(ctl("list", SCOPE)).contains("Pending restart").containsPattern("\\| \\*"));
            Processes.Result py = Jpatronictl.patronictl(config, "list", SCOPE);
            assertThat(py.output()).as("real patronictl").contains("Pending restart").containsPattern("\\| \\*");
            String out = ctl("restart", SCOPE, "--pending", "--force");
            assertThat(out).contains("Success: restart on member");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(ctl("list", SCOPE)).doesNotContain("Pending restart"));
            cluster.awaitHealthy(Duration.ofSeconds(30));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
        }
    }

    @Test
    @Order(2)
    void scheduledRestartOfAReplicaFires() {
        JPatroniNode replica = cluster.replicas().get(0);
        try {
            String before = replica.get("/patroni").orElseThrow().body().replaceAll(".*\"postmaster_start_time\": ?\"([^\"]+)\".*", "$1");
            String soon = java.time.OffsetDateTime.now().plusSeconds(4).withNano(0).toString();
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
        } catch (AssertionError | RuntimeException | java.io.IOException | InterruptedException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(3)
    void reloadAndReinitOfAReplica() {
        try {
            assertThat(ctl("reload", SCOPE, "--force")).contains("Reload request received for member");
            JPatroniNode replica = cluster.replicas().get(0);
            String out = ctl("reinit", SCOPE, replica.name(), "--force", "--wait");
            assertThat(out).contains("Success: reinitialize for member " + replica.name());
            cluster.awaitHealthy(Duration.ofSeconds(60));
            assertThat(replica.logTail(200)).contains("reinitialize in progress");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
        }
    }

    @Test
    @Order(4)
    void failoverToANamedReplicaWhileTheLeaderIsDown() throws Exception {
        JPatroniNode old = cluster.leader().orElseThrow();
        JPatroniNode candidate = cluster.replicas().get(1);
        try {
            old.killHard();
            HttpResponse<String> r = Rest.call(candidate, "POST", "/failover",
                    "{\"candidate\":\"" + candidate.name() + "\"}");
            assertThat(r.body()).isEqualTo("Successfully failed over to \"" + candidate.name() + "\"");
            assertThat(r.statusCode()).isEqualTo(200);
            old.start();
            cluster.awaitHealthy(Duration.ofSeconds(60));
            assertThat(cluster.leader()).containsSame(candidate);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
        }
    }

    @Test
    @Order(5)
    void pausedClusterDoesNotReplaceADeadPrimaryUntilResumed() throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        try {
            ctl("pause", SCOPE, "--wait");
            await().atMost(Duration.ofSeconds(10)).until(() -> leader.logTail(3).contains("PAUSE: "));
            ProcessHandle.of(leader.postmasterPid().orElseThrow()).orElseThrow().destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    leader.logTail(20).contains("PAUSE: removed leader lock because postgres is not running"));
            Thread.sleep(5000);
            assertThat(cluster.leader()).as("nobody promotes while paused").isEmpty();
            for (JPatroniNode r : cluster.replicas()) {
                assertThat(r.logTail(3)).contains("PAUSE: no action. I am (" + r.name() + ")");
            }
            assertThat(ctl("list", SCOPE)).contains("Maintenance mode: on");
            assertThat(cluster.replicas().get(0).get("/patroni").orElseThrow().body()).contains("\"pause\": true");

            ctl("resume", SCOPE, "--wait");
            cluster.awaitHealthy(Duration.ofSeconds(90));
            assertThat(ctl("list", SCOPE)).doesNotContain("Maintenance mode");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
        }
    }
}
