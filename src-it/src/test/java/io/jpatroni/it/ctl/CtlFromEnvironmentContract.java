package io.jpatroni.it.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.DiscardsCluster;
import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every jpatronictl verb without {@code -c}, as scripts and containers run patronictl: the DCS and REST API settings
 * come from {@code PATRONI_*} variables and from the default file {@code ~/.config/patroni/patronictl.yaml}
 * ({@code PATRONICTL_CONFIG_FILE}, {@code XDG_CONFIG_HOME}), nothing else of the test's environment. The real
 * patronictl 3.0.2, run the same way on the same cluster, gives the same answers where its output is deterministic;
 * verbs that change the cluster are checked by their effect, as patronictl then sees it. Subclasses provide the
 * cluster (real Patroni, jpatroni) with a {@code ClusterExtension}: at least two members, healthy when a method starts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class CtlFromEnvironmentContract {
    private static final String NO_DCS = "Error: 'Can not find suitable configuration of distributed configuration"
            + " store\\nAvailable implementations: ";

    @TempDir
    Path homes;

    abstract String scope();

    abstract EtcdCluster etcd();

    /** Every member, and the leader once the cluster is healthy (one primary, every other member a replica). */
    abstract List<NodeConfig> nodes();

    abstract NodeConfig awaitHealthy(Duration timeout);

    /** SIGTERM to every member, waiting for each to stop (etcd stays). */
    abstract void stopNodes();

    /** Only the variable the issue names: {@code PATRONI_ETCD3_HOST}. */
    private Map<String, String> dcsOnly() {
        return Map.of("PATRONI_ETCD3_HOST", etcd().hosts().get(0));
    }

    /** The DCS and the REST API's basic-auth credentials (for the verbs that call a member's unsafe endpoints). */
    private Map<String, String> dcsAndRestApi() {
        Map<String, String> env = new HashMap<>(dcsOnly());
        env.put("PATRONI_RESTAPI_USERNAME", "patroni");
        env.put("PATRONI_RESTAPI_PASSWORD", "restsecret");
        return env;
    }

    /** A HOME without any patronictl file. */
    private Path emptyHome() throws IOException {
        return Files.createDirectories(homes.resolve("empty"));
    }

    /**
     * A HOME whose default file holds the rest: the scope, and a wrong etcd host that {@code PATRONI_ETCD3_HOST}
     * overrides (the same key: a file's {@code hosts} would win over the variable's {@code host}, in Patroni too).
     */
    private Path homeWithDefaultFile() throws IOException {
        Path home = homes.resolve("withfile");
        Path file = home.resolve(".config/patroni/patronictl.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "scope: " + scope() + "\netcd3:\n  host: 127.0.0.1:1\n");
        return home;
    }

    private static Processes.Result jp(Path home, Map<String, String> env, String... args) {
        return Jpatronictl.runWithEnvironment(env, home, args);
    }

    private static Processes.Result py(Path home, Map<String, String> env, String... args) {
        return Jpatronictl.patronictlWithEnvironment(env, home, args);
    }

    private static String ok(Processes.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    /** Same exit code and same output once {@code normalize}d (retried: the cluster may move between two calls). */
    private static void same(Path home, Map<String, String> env, UnaryOperator<String> normalize, String... args) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Processes.Result j = jp(home, env, args);
            Processes.Result p = py(home, env, args);
            assertThat(normalize.apply(j.output())).as(String.join(" ", args))
                    .isEqualTo(normalize.apply(p.output()));
            assertThat(j.exitCode()).as(j.output()).isEqualTo(p.exitCode());
        });
    }

    private static void same(Path home, Map<String, String> env, String... args) {
        same(home, env, UnaryOperator.identity(), args);
    }

    private NodeConfig other(NodeConfig member) {
        return nodes().stream().filter(n -> !n.name().equals(member.name())).findFirst().orElseThrow();
    }

    @Test
    void withOnlyPatroniEtcd3HostTheReadingVerbsAnswerAsPatronictl() throws IOException {
        Path home = emptyHome();
        Map<String, String> env = dcsOnly();
        same(home, env, Jpatronictl::withoutLag, "list", scope());
        assertThat(ok(jp(home, env, "list", scope()))).contains("| Leader ", "| Replica ");
        same(home, env, Jpatronictl::withoutLag, "list", scope(), "-e");
        same(home, env, s -> s.replaceAll("\"Lag in MB\": \\d+, ", ""), "list", scope(), "-f", "json");
        same(home, env, Jpatronictl::withoutLag, "topology", scope());
        same(home, env, "history", scope());
        same(home, env, "show-config", scope());
        same(home, env, "dsn", scope());
        same(home, env, "dsn", scope(), "-r", "replica");
        UnaryOperator<String> memberLines = s -> s.substring(s.indexOf('\n') + 1);
        same(home, env, memberLines, "version", scope());
        assertThat(ok(jp(home, env, "version", scope()))).startsWith("jpatronictl version ");

        Map<String, String> withPassword = new HashMap<>(env);
        withPassword.put("PGPASSWORD", "supersecret");
        same(home, withPassword, "query", scope(), "-U", "postgres", "-d", "postgres", "-c",
                "select 1 as one, 'x' as letter");
    }

    @Test
    void withoutAnyDcsSettingBothSayTheSameAndAMissingNamedFileIsAnError() throws IOException {
        Path home = emptyHome();
        Processes.Result j = jp(home, Map.of(), "list", scope());
        Processes.Result p = py(home, Map.of(), "list", scope());
        assertThat(j.exitCode()).isEqualTo(p.exitCode()).isEqualTo(1);
        assertThat(j.output()).startsWith(NO_DCS).isEqualTo("Error: 'Can not find suitable configuration of"
                + " distributed configuration store\\nAvailable implementations: etcd, etcd3, zookeeper'\n");
        assertThat(p.output()).startsWith(NO_DCS);

        for (Processes.Result r : List.of(jp(home, dcsOnly(), "list"), py(home, dcsOnly(), "list"))) {
            assertThat(r.exitCode()).isZero();
            assertThat(r.output()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - WARNING - Listing"
                    + " members: No cluster names were provided\n");
        }

        Map<String, String> missing = new HashMap<>(dcsOnly());
        missing.put("PATRONICTL_CONFIG_FILE", homes.resolve("missing.yml").toString());
        same(home, missing, "list", scope());
        assertThat(jp(home, missing, "list", scope()).output()).isEqualTo("Error: Provided config file "
                + homes.resolve("missing.yml") + " not existing or no read rights. Check the -c/--config-file"
                + " parameter\n");
    }

    @Test
    void theDefaultFileHoldsTheScopeAndTheVariablesWinOverIt() throws IOException {
        Path home = homeWithDefaultFile();
        Map<String, String> env = dcsOnly();
        same(home, env, Jpatronictl::withoutLag, "list");
        assertThat(ok(jp(home, env, "list"))).startsWith("+ Cluster: " + scope() + " ");
        same(home, env, Jpatronictl::withoutLag, "topology");
        same(home, env, "history");
        same(home, env, "show-config");
        same(home, env, "dsn");

        Path xdg = homes.resolve("xdg");
        Files.createDirectories(xdg.resolve("patroni"));
        Files.writeString(xdg.resolve("patroni/patronictl.yaml"), "scope: " + scope() + "\n");
        Map<String, String> withXdg = new HashMap<>(env);
        withXdg.put("XDG_CONFIG_HOME", xdg.toString());
        same(emptyHome(), withXdg, Jpatronictl::withoutLag, "list");
        assertThat(ok(jp(emptyHome(), withXdg, "list"))).startsWith("+ Cluster: " + scope() + " ");

        Map<String, String> named = new HashMap<>(env);
        named.put("PATRONICTL_CONFIG_FILE", xdg.resolve("patroni/patronictl.yaml").toString());
        same(emptyHome(), named, Jpatronictl::withoutLag, "list");
    }

    @Test
    void editConfigPauseAndResume() throws IOException {
        Path home = homeWithDefaultFile();
        Map<String, String> env = dcsAndRestApi();
        String edited = ok(jp(home, env, "edit-config", "-s", "maximum_lag_on_failover=2097152", "-p",
                "work_mem=8MB", "--force"));
        assertThat(edited).contains("+maximum_lag_on_failover: 2097152").endsWith("Configuration changed\n");
        assertThat(ok(py(home, env, "show-config"))).contains("maximum_lag_on_failover: 2097152\n",
                "    work_mem: 8MB\n");
        same(home, env, "show-config");

        assertThat(ok(jp(home, env, "pause", "--wait"))).endsWith("Success: cluster management is paused\n");
        assertThat(ok(py(home, env, "list"))).contains("\n Maintenance mode: on");
        same(home, env, Jpatronictl::withoutLag, "list");
        assertThat(ok(jp(home, env, "resume", "--wait"))).endsWith("Success: cluster management is resumed\n");
        assertThat(ok(py(home, env, "list"))).doesNotContain("Maintenance mode");
    }

    @Test
    void reloadRestartFlushAndReinitThroughTheMembersApi() throws IOException {
        Path home = homeWithDefaultFile();
        Map<String, String> env = dcsAndRestApi();
        NodeConfig leader = awaitHealthy(Duration.ofSeconds(60));
        NodeConfig replica = other(leader);

        same(home, env, "reload", scope(), "--force");
        assertThat(ok(jp(home, env, "reload", scope(), "--force")))
                .contains("Reload request received for member " + leader.name());

        assertThat(ok(jp(home, env, "restart", scope(), replica.name(), "--force")))
                .endsWith("Success: restart on member " + replica.name() + "\n");
        String future = OffsetDateTime.now().plusHours(2).withNano(0).toString();
        assertThat(ok(jp(home, env, "restart", scope(), replica.name(), "--scheduled", future, "--force")))
                .endsWith("Success: restart scheduled on member " + replica.name() + "\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ok(py(home, env, "list"))).contains("Scheduled restart"));
        assertThat(ok(jp(home, env, "flush", scope(), replica.name(), "restart", "--force")))
                .endsWith("Success: flush scheduled restart for member " + replica.name() + "\n");
        same(home, env, "flush", scope(), "switchover");

        assertThat(ok(jp(home, env, "reinit", scope(), replica.name(), "--force", "--wait")))
                .contains("Success: reinitialize for member " + replica.name() + "\n");
        awaitHealthy(Duration.ofSeconds(90));
    }

    @Test
    void switchoverAndFailoverMoveTheLeader() throws IOException {
        Path home = homeWithDefaultFile();
        Map<String, String> env = dcsAndRestApi();
        NodeConfig leader = awaitHealthy(Duration.ofSeconds(60));
        NodeConfig candidate = other(leader);

        assertThat(ok(jp(home, env, "switchover", "--force", "--candidate", candidate.name())))
                .contains("Successfully switched over to \"" + candidate.name() + "\"");
        awaitLeader(home, env, candidate);
        awaitHealthy(Duration.ofSeconds(90));

        same(home, env, "failover", "--force");
        assertThat(ok(jp(home, env, "failover", "--force", "--candidate", leader.name())))
                .contains("Successfully failed over to \"" + leader.name() + "\"");
        awaitLeader(home, env, leader);
        awaitHealthy(Duration.ofSeconds(90));
        assertThat(ok(jp(home, env, "history"))).contains("| " + candidate.name(), "| " + leader.name());
        same(home, env, "history");
    }

    private void awaitLeader(Path home, Map<String, String> env, NodeConfig leader) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(ok(py(home, env, "list")))
                        .containsPattern("\\| " + leader.name() + " +\\| [^|]+\\| Leader +\\| running "));
    }

    @Test
    @DiscardsCluster
    @Order(Integer.MAX_VALUE)   // last only so that the other methods share the cluster it wipes
    void removeWipesTheClusterFromTheDcs() throws IOException {
        Path home = homeWithDefaultFile();
        Map<String, String> env = dcsOnly();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Processes.Result j = Jpatronictl.runWithEnvironment("wrong\n", env, home, "remove", scope());
            Processes.Result p = Jpatronictl.patronictlWithEnvironment("wrong\n", env, home, "remove", scope());
            assertThat(j.exitCode()).isEqualTo(p.exitCode()).isEqualTo(1);
            assertThat(Jpatronictl.withoutLag(j.output())).isEqualTo(Jpatronictl.withoutLag(p.output()))
                    .endsWith("Please confirm the cluster name to remove: Error: Cluster names specified do not"
                            + " match\n");
        });

        stopNodes();
        String keys = "/service/" + scope() + "/";
        assertThat(etcd().etcdctl("get", "--prefix", "--keys-only", keys)).contains(keys + "config");
        Processes.Result removed = Jpatronictl.runWithEnvironment(scope() + "\nYes I am aware\n", env, home,
                "remove", scope());
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        assertThat(removed.output()).endsWith("You are about to remove all information in DCS for " + scope()
                + ", please type: \"Yes I am aware\": ");
        assertThat(etcd().etcdctl("get", "--prefix", "--keys-only", keys)).isBlank();
        assertThat(ok(py(home, env, "list"))).isEqualTo(ok(jp(home, env, "list")))
                .doesNotContain("| Leader ").doesNotContain("| Replica ");
    }
}
