package io.jpatroni.it.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import io.jpatroni.it.support.Processes;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/jpatronictl} driving a real Patroni 3.0.2 cluster (2 nodes, ttl 20, loop_wait 1): the same list as
 * patronictl's, pause/resume through the leader's {@code PATCH /config}, and a switchover that really happens.
 */
class CtlOnPatroniIT {
    @RegisterExtension
    static final ClusterExtension<PatroniCluster> CLUSTER = ClusterExtension.of(() -> PatroniCluster.start("ctlpy", 2));

    /** Any member's configuration file: the ctls find the leader through etcd. */
    private static Path config() {
        return CLUSTER.cluster().nodes().get(0).configFile();
    }

    private static String jp(String... args) {
        Processes.Result r = Jpatronictl.run(config(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    private static String py(String... args) {
        Processes.Result r = Jpatronictl.patronictl(config(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    @Test
    void listEqualsPatronictlsListModuloLag() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Jpatronictl.withoutLag(jp("list"))).isEqualTo(Jpatronictl.withoutLag(py("list"))));
        assertThat(jp("show-config")).isEqualTo(py("show-config"));
        assertThat(jp("history")).isEqualTo(py("history"));
    }

    @Test
    void pauseAndResumeThroughTheRestApi() {
        assertThat(jp("pause", "--wait")).contains("'pause' request sent, waiting until it is recognized by all nodes")
                .endsWith("Success: cluster management is paused\n");
        assertThat(py("list")).contains("\n Maintenance mode: on");
        assertThat(jp("resume", "--wait")).endsWith("Success: cluster management is resumed\n");
        assertThat(py("list")).doesNotContain("Maintenance mode");
    }

    @Test
    void queryPrintsWhatPatronictlPrints() {
        for (String tool : java.util.List.of(io.jpatroni.it.support.Repo.path("bin/jpatronictl").toString(),
                "/usr/bin/patronictl")) {
            ProcessBuilder pb = new ProcessBuilder(tool, "-c", config().toString(), "query", "-U", "postgres", "-d",
                    "postgres", "-c", "select 1 as one, 'x' as letter, null as nothing");
            pb.environment().put("PGPASSWORD", "supersecret");
            Processes.Result r = Processes.runAny(pb, Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(tool + ": " + r.output()).isZero();
            assertThat(r.output()).as(tool).isEqualTo("one\tletter\tnothing\n1\tx\tNone\n");
        }
    }

    @Test
    void memberManagementThroughTheRestApi(PatroniCluster cluster) {
        NodeConfig leader = cluster.leader().orElseThrow();
        NodeConfig replica = other(cluster, leader);
        assertThat(jp("version", "ctlpy")).startsWith("jpatronictl version ")
                .containsPattern("\n" + leader.name() + ": Patroni 3\\.0\\.2 PostgreSQL 15\\.\\d+\n");
        assertThat(jp("reload", "ctlpy", "--force")).contains("Reload request received for member " + leader.name()
                + " and will be processed within 1 seconds\n");
        assertThat(jp("restart", "ctlpy", replica.name(), "--force"))
                .endsWith("Success: restart on member " + replica.name() + "\n");

        String future = java.time.OffsetDateTime.now().plusHours(2).withNano(0).toString();
        assertThat(jp("restart", "ctlpy", replica.name(), "--scheduled", future, "--force"))
                .endsWith("Success: restart scheduled on member " + replica.name() + "\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(py("list")).contains("Scheduled restart"));
        assertThat(jp("flush", "ctlpy", replica.name(), "restart", "--force"))
                .endsWith("Success: flush scheduled restart for member " + replica.name() + "\n");

        assertThat(jp("switchover", "--force", "--candidate", replica.name(), "--scheduled", future))
                .contains("Switchover scheduled");
        assertThat(py("list")).contains(" Switchover scheduled at: ");
        assertThat(jp("list")).contains(" Switchover scheduled at: ");
        assertThat(jp("flush", "ctlpy", "switchover", "--force")).endsWith("Success: scheduled switchover deleted\n");
        assertThat(jp("flush", "ctlpy", "switchover")).isEqualTo("No pending scheduled switchover\n");

        String reinit = jp("reinit", "ctlpy", replica.name(), "--force", "--wait");
        assertThat(reinit).contains("Success: reinitialize for member " + replica.name() + "\n",
                "Reinitialize is completed on: " + replica.name() + "\n");
        cluster.awaitHealthy(Duration.ofSeconds(60));
    }

    @Test
    void switchoverMovesTheLeader(PatroniCluster cluster) {
        NodeConfig leader = cluster.leader().orElseThrow();
        NodeConfig candidate = other(cluster, leader);
        Processes.Result same = Jpatronictl.run(config(), "switchover", "--force", "--leader", leader.name(),
                "--candidate", leader.name());
        assertThat(same.exitCode()).isEqualTo(1);
        assertThat(same.output()).endsWith("Error: Switchover target and source are the same.\n");

        String out = jp("switchover", "--force", "--leader", leader.name(), "--candidate", candidate.name());
        assertThat(out).startsWith("Current cluster topology\n")
                .contains("Successfully switched over to \"" + candidate.name() + "\"");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String list = py("list");
            assertThat(list).containsPattern("\\| " + candidate.name() + " +\\| [^|]+\\| Leader +\\| running ");
            assertThat(list).containsPattern("\\| " + leader.name() + " +\\| [^|]+\\| Replica +\\| running ");
        });
        assertThat(jp("history")).contains("| " + candidate.name());
    }

    private static NodeConfig other(PatroniCluster cluster, NodeConfig member) {
        return cluster.nodes().stream().filter(n -> !n.name().equals(member.name())).findFirst().orElseThrow();
    }
}
