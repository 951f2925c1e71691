package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes configured the way containers configure Patroni, in one cluster: node3 by a file holding only what no
 * variable sets (bootstrap, pg_hba, parameters, tags, and a wrong REST connect_address the variable overrides), given
 * as a relative path from another working directory, the rest in {@code PATRONI_*} variables (it bootstraps, with a
 * bootstrap user from {@code PATRONI_admin_PASSWORD}); node1 by the variables alone, no file; node2 by the whole YAML
 * in {@code PATRONI_CONFIGURATION}. Each reloads on SIGHUP and on {@code POST /reload} from where it started, and
 * keeps the variables over the file.
 */
class EnvironmentConfigIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** etcd only: the test starts each node its own way. */
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.withoutNodes("envcfg"));

    @Test
    void nodesConfiguredByTheEnvironmentStartAndReloadFromWhereTheyStarted(JPatroniCluster cluster)
            throws Exception {
        NodeConfig c3 = cluster.newNodeConfig("node3");
        Files.createDirectories(c3.dir());
        Files.writeString(c3.configFile(), c3.restYaml() + "restapi:\n  connect_address: 127.0.0.1:1\n");
        Path elsewhere = Files.createDirectories(cluster.dir().resolve("elsewhere"));
        Path relative = elsewhere.relativize(c3.configFile());
        assertThat(relative.toString()).startsWith("../");
        Map<String, String> env3 = new HashMap<>(c3.environment());
        env3.put("PATRONI_admin_PASSWORD", "adminsecret");
        env3.put("PATRONI_admin_OPTIONS", "createrole,createdb");
        JPatroniNode n3 = cluster.add(new JPatroniNode(c3)).start(List.of(relative.toString()), env3, elsewhere);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> n3.status("/primary") == 200);

        NodeConfig c1 = cluster.newNodeConfig("node1");
        JPatroniNode n1 = cluster.add(new JPatroniNode(c1)).start(List.of(), c1.environment(), c1.dir());
        NodeConfig c2 = cluster.newNodeConfig("node2");
        JPatroniNode n2 = cluster.add(new JPatroniNode(c2)).start(List.of(),
                Map.of("PATRONI_CONFIGURATION", c2.yaml()), c2.dir());
        assertThat(cluster.awaitHealthy(Duration.ofSeconds(120)).name()).isEqualTo("node3");

        try (Connection c = connect(n3); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select rolcreaterole, rolcreatedb from pg_roles where rolname = 'admin'")) {
            assertThat(rs.next()).as("bootstrap user from PATRONI_admin_PASSWORD").isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getBoolean(2)).isTrue();
        }
        assertThat(apiUrl(n3, "node3")).as("PATRONI_RESTAPI_CONNECT_ADDRESS over the file")
                .isEqualTo("http://127.0.0.1:" + c3.restPort() + "/patroni");

        Map<JPatroniNode, String> source = Map.of(n1, "the PATRONI_* environment variables",
                n2, "the environment variable PATRONI_CONFIGURATION", n3, c3.configFile().toString());
        for (JPatroniNode n : List.of(n1, n2, n3)) {
            long pid = n.pid();
            n.sighup();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reloads(n, source.get(n)))
                    .isEqualTo(1));
            assertThat(n.post("/reload", "patroni", "wrong")).isEqualTo(401);
            assertThat(n.post("/reload")).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(reloads(n, source.get(n)))
                    .isEqualTo(2));
            assertThat(n.isAlive()).isTrue();
            assertThat(n.pid()).isEqualTo(pid);
            assertThat(Files.readString(n.log())).doesNotContain("Exception", "Configuration not reloaded");
        }
        assertThat(cluster.awaitHealthy(Duration.ofSeconds(30)).name()).isEqualTo("node3");

        // the file changes: SIGHUP, then POST /reload, read it again from where the node started
        String yaml = Files.readString(c3.configFile());
        Files.writeString(c3.configFile(), yaml.replace("tags:\n", "tags:\n  zone: b\n"));
        n3.sighup();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(n3.get("/patroni").orElseThrow().body()).contains("\"tags\": {\"zone\": \"b\"}"));
        Files.writeString(c3.configFile(), yaml.replace("tags:\n", "tags:\n  zone: c\n")
                .replace("\n  parameters:\n    unix_socket", "\n  parameters:\n    work_mem: 7MB\n    unix_socket"));
        assertThat(n3.post("/reload")).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(n3.get("/patroni").orElseThrow().body()).contains("\"tags\": {\"zone\": \"c\"}"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(show(n3, "work_mem")).isEqualTo("7MB"));
        assertThat(apiUrl(n3, "node3")).isEqualTo("http://127.0.0.1:" + c3.restPort() + "/patroni");
        assertThat(Files.readString(n3.log())).doesNotContain("Exception");
    }

    /** How many times the node logged a reload from {@code source}. */
    private static long reloads(JPatroniNode node, String source) throws Exception {
        String line = "Reloading configuration from " + source;
        return Files.readAllLines(node.log()).stream().filter(l -> l.endsWith(line)).count();
    }

    /** The member's {@code api_url} as the leader's {@code GET /cluster} shows it. */
    private static String apiUrl(JPatroniNode leader, String member) throws Exception {
        JsonNode cluster = JSON.readTree(leader.get("/cluster").orElseThrow().body());
        for (JsonNode m : cluster.path("members")) {
            if (member.equals(m.path("name").asText())) {
                return m.path("api_url").asText();
            }
        }
        throw new AssertionError(member + " is not in " + cluster);
    }

    private static String show(JPatroniNode node, String parameter) throws SQLException {
        try (Connection c = connect(node); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("show " + parameter)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(JPatroniNode node) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(node.jdbcUrl(), p);
    }
}
