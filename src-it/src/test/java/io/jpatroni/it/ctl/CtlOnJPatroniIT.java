package io.jpatroni.it.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bin/jpatronictl} against a 2-node jpatroni cluster, checked against the real patronictl 3.0.2 on the same
 * cluster: the read-only verbs print the same text (the Lag column aside), and what edit-config and pause/resume
 * write is what patronictl then reads.
 */
class CtlOnJPatroniIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("ctljp", 2));

    /** Any member's configuration file: the ctls find the leader through etcd. */
    private static Path config() {
        return CLUSTER.cluster().nodes().get(0).config().configFile();
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

    /** Both outputs with {@code normalize} applied are equal (retried: the cluster may move between two calls). */
    private static void sameAsPatronictl(java.util.function.UnaryOperator<String> normalize, String... args) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(normalize.apply(jp(args))).isEqualTo(normalize.apply(py(args))));
    }

    private static String tsvWithoutLag(String tsv) {
        return tsv.lines().map(l -> {
            String[] f = l.split("\t", -1);
            if (f.length > 6) {
                f[6] = "";
            }
            return String.join("\t", f);
        }).collect(Collectors.joining("\n"));
    }

    @Test
    void listIsTheSameTableAsPatronictls() {
        sameAsPatronictl(Jpatronictl::withoutLag, "list");
        assertThat(jp("list")).startsWith("+ Cluster: ctljp ").contains("| Leader ").contains("| Replica ");
        sameAsPatronictl(Jpatronictl::withoutLag, "list", "-e");
        sameAsPatronictl(Jpatronictl::withoutLag, "topology");
    }

    @Test
    void machineFormatsAreTheSameAsPatronictls() {
        sameAsPatronictl(s -> s.replaceAll("\"Lag in MB\": \\d+, ", ""), "list", "-f", "json");
        sameAsPatronictl(s -> s.replaceAll("  Lag in MB: \\d+\n", ""), "list", "-f", "yaml");
        sameAsPatronictl(CtlOnJPatroniIT::tsvWithoutLag, "list", "-f", "tsv");
    }

    @Test
    void historyAndShowConfigAreIdentical() {
        assertThat(jp("history")).isEqualTo(py("history"));
        assertThat(jp("history", "-f", "json")).isEqualTo(py("history", "-f", "json"));
        assertThat(jp("show-config")).isEqualTo(py("show-config"));
    }

    @Test
    void editConfigSetIsWhatPatronictlThenShows() {
        String out = jp("edit-config", "--set", "maximum_lag_on_failover=2097152", "-p", "work_mem=8MB",
                "--force");
        assertThat(out).contains("-maximum_lag_on_failover: 1048576", "+maximum_lag_on_failover: 2097152",
                "+    work_mem: 8MB").endsWith("Configuration changed\n");
        String shown = jp("show-config");
        assertThat(shown).contains("maximum_lag_on_failover: 2097152\n", "    work_mem: 8MB\n");
        assertThat(py("show-config")).isEqualTo(shown);
        assertThat(jp("edit-config", "-s", "maximum_lag_on_failover=2097152", "--force")).isEqualTo("Not changed\n");
    }

    @Test
    void pauseAndResume(JPatroniCluster cluster) {
        assertThat(jp("pause")).endsWith("Success: cluster management is paused\n");
        String key = cluster.etcd().etcdctl("get", "/service/ctljp/config", "--print-value-only");
        // through the member's PATCH /config, written compact as Patroni's api.py does
        assertThat(key).contains("\"pause\":true");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(py("list")).contains("\n Maintenance mode: on"));
        assertThat(jp("list")).contains("\n Maintenance mode: on");
        Processes.Result again = Jpatronictl.run(config(), "pause");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.output()).contains("Error: Cluster is already paused");

        assertThat(jp("resume")).endsWith("Success: cluster management is resumed\n");
        assertThat(cluster.etcd().etcdctl("get", "/service/ctljp/config", "--print-value-only"))
                .doesNotContain("pause");
        assertThat(py("list")).doesNotContain("Maintenance mode");
    }

    @Test
    void errorsGoToStderrWithPatronictlsExitCodes() {
        Processes.Result r = Jpatronictl.run(config(), "failover", "--force");
        Processes.Result p = Jpatronictl.patronictl(config(), "failover", "--force");
        assertThat(r.exitCode()).isEqualTo(p.exitCode()).isEqualTo(1);
        assertThat(last(r.output())).isEqualTo(last(p.output()))
                .isEqualTo("Error: Failover could be performed only to a specific candidate");
    }

    @Test
    void realPatronictlPausesAndResumesAJPatroniCluster(JPatroniCluster cluster) {
        assertThat(py("pause", "--wait")).contains("Success: cluster management is paused");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> cluster.nodes().forEach(n ->
                assertThat(n.get("/patroni").orElseThrow().body()).contains("\"pause\": true")));
        assertThat(py("list")).contains("\n Maintenance mode: on");

        assertThat(py("resume", "--wait")).contains("Success: cluster management is resumed");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> cluster.nodes().forEach(n ->
                assertThat(n.get("/patroni").orElseThrow().body()).doesNotContain("\"pause\"")));
        assertThat(py("list")).doesNotContain("Maintenance mode");
    }

    private static String last(String out) {
        String[] lines = out.split("\n");
        return Arrays.stream(lines).reduce((a, b) -> b).orElse("");
    }
}
