package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Processes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGHUP and {@code POST /reload} re-read the configuration file and apply what Patroni's reload applies, without a
 * restart of jpatroni or PostgreSQL: tags, pg_hba (from the file, and from the DCS through {@code PATCH /config}), the
 * REST allowlist, the log format. Each method has a node of its own (one starts in seconds), as each leaves its
 * configuration file changed. Renewed REST certificates: {@link ReloadClusterIT}.
 */
class ReloadIT {
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerMethod =
            ClusterExtension.of(() -> JPatroniCluster.start("reload", 1));

    @Test
    void sighupAppliesAChangedConfigurationFile(JPatroniCluster cluster) throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        long pid = node.pid();
        String yaml = Files.readString(node.config().configFile());
        Files.writeString(node.config().configFile(), yaml.replace("tags:\n", "tags:\n  zone: b\n"));

        int reload = node.logMark();
        Processes.run(new ProcessBuilder("kill", "-HUP", Long.toString(pid)), Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(node.get("/patroni").orElseThrow().body()).contains("\"tags\": {\"zone\": \"b\"}"));
        String list = Processes.run(new ProcessBuilder("patronictl", "-c", node.config().configFile().toString(),
                "list"), Duration.ofSeconds(30));
        assertThat(list).contains("zone: b");
        assertThat(node.pid()).isEqualTo(pid);
        assertThat(node.isAlive()).isTrue();
        assertThat(node.logSince(reload)).contains("Reloading configuration from");
    }

    /**
     * {@code nohup jpatroni ...} leaves SIGHUP ignored, and a JVM then never installs its handler for it, silently:
     * the launcher puts the signal back to its default first, as Patroni takes it whatever it inherited.
     */
    @Test
    void sighupReloadsANodeStartedUnderNohup(JPatroniCluster cluster) throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        node.stop(Duration.ofSeconds(30));
        node.startUnder(List.of("nohup"));
        await().atMost(Duration.ofSeconds(60)).until(() -> node.status("/health") == 200);
        String sigIgn = Files.readAllLines(Path.of("/proc/" + node.pid() + "/status")).stream()
                .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).strip();
        assertThat(Long.parseUnsignedLong(sigIgn, 16) & 1)
                .as("SIGHUP (bit 1) not ignored by the JVM: nohup execs the launcher, which execs env, which execs java")
                .isZero();
        String yaml = Files.readString(node.config().configFile());
        Files.writeString(node.config().configFile(), yaml.replace("tags:\n", "tags:\n  zone: c\n"));

        int reload = node.logMark();
        node.sighup();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(node.get("/patroni").orElseThrow().body()).contains("\"tags\": {\"zone\": \"c\"}"));
        assertThat(node.logSince(reload)).contains("Reloading configuration from");
    }

    @Test
    void sighupNamesAKeyNotActedOnAndKeepsTheOldFileForARefusedOne(JPatroniCluster cluster) throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        String yaml = Files.readString(node.config().configFile());

        Files.writeString(node.config().configFile(), yaml.replace("  pg_hba:\n",
                "  proxy_address: 127.0.0.1:6432\n  pg_hba:\n"));
        int first = node.logMark();
        Processes.run(new ProcessBuilder("kill", "-HUP", Long.toString(node.pid())), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.logSince(first)).contains(
                "WARNING: postgresql.proxy_address: \"127.0.0.1:6432\" is not supported yet; it is not published as proxy_url"
                        + " in the member key"));

        Files.writeString(node.config().configFile(), yaml.replace("tags:\n", "tags:\n  zone: c\n")
                + "citus:\n  group: 0\n  database: citus\n");
        int second = node.logMark();
        Processes.run(new ProcessBuilder("kill", "-HUP", Long.toString(node.pid())), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.logSince(second))
                .contains("ERROR: citus: ")
                .contains("is not supported yet: the Citus group's own DCS keys")
                .contains("Configuration not reloaded: fix the errors above"));
        assertThat(node.get("/patroni").orElseThrow().body()).doesNotContain("\"zone\": \"c\"");
        assertThat(node.isAlive()).isTrue();
        assertThat(node.status("/primary")).isEqualTo(200);
    }

    @Test
    void aChangedPgHbaRuleTakesEffectWithoutARestartFromTheFileAndFromTheDcs(JPatroniCluster cluster)
            throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        long pid = node.pid();
        long postmaster = node.postmasterPid().orElseThrow();
        superuser(node, "CREATE ROLE app LOGIN PASSWORD 'appsecret'");
        assertThat(connectsAsApp(node)).isEqualTo("accepted");

        // the file: a reject line for app, POST /reload
        String yaml = Files.readString(node.config().configFile());
        Files.writeString(node.config().configFile(), yaml.replace("  pg_hba:\n",
                "  pg_hba:\n  - host all app 127.0.0.1/32 reject\n"));
        int mark = node.logMark();
        assertThat(node.post("/reload")).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(connectsAsApp(node)).contains("pg_hba.conf rejects connection"));
        assertThat(node.logSince(mark)).contains("Reloading PostgreSQL configuration.");

        // the DCS: without pg_hba in the file, the dynamic configuration's lines are written (the reverse)
        Files.writeString(node.config().configFile(), yaml.replaceAll("(?m)^  pg_hba:\n(  - .*\n)+", ""));
        node.sighup();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(node.logSince(mark)).contains("Reloading configuration from"));
        assertThat(patchConfig(node, "{\"postgresql\": {\"pg_hba\": [\"local all all trust\","
                + " \"host replication replicator 127.0.0.1/32 md5\", \"host all all 127.0.0.1/32 md5\"]}}"))
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(connectsAsApp(node)).isEqualTo("accepted"));

        assertThat(node.pid()).isEqualTo(pid);
        assertThat(node.postmasterPid()).hasValue(postmaster);
        assertThat(node.status("/primary")).isEqualTo(200);
    }

    @Test
    void theAllowlistRefusesOtherAddressesAndJsonLogLinesCarryPatronisFields(JPatroniCluster cluster)
            throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        int port = node.config().restPort();
        assertThat(postFrom("127.0.0.2", port, "/reload")).startsWith("202");
        String yaml = Files.readString(node.config().configFile());

        Files.writeString(node.config().configFile(), yaml.replace("restapi:\n",
                "restapi:\n  allowlist: ['127.0.0.2']\n")
                + "log:\n  type: json\n  format: [message, {levelname: level}, asctime]\n  static_fields:\n"
                + "    app: patroni\n");
        int mark = node.logMark();
        node.sighup();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(postFrom("127.0.0.1", port, "/reload")).isEqualTo("403 Access is denied"));
        assertThat(postFrom("127.0.0.2", port, "/reload")).startsWith("202");
        assertThat(node.status("/primary")).isEqualTo(200);   // health checks are never refused

        ObjectMapper json = new ObjectMapper();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.logSince(mark).lines()
                .filter(l -> l.startsWith("{")).map(l -> parse(json, l))
                .filter(n -> n.path("message").asText().startsWith("no action. I am (")))
                .anySatisfy(n -> {
                    assertThat(n.fieldNames()).toIterable().containsExactly("message", "level", "asctime", "app");
                    assertThat(n.get("level").asText()).isEqualTo("INFO");
                    assertThat(n.get("asctime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}");
                    assertThat(n.get("app").asText()).isEqualTo("patroni");
                }));

        // allowlist_include_members: the members' api_url (127.0.0.1 here) may call again
        Files.writeString(node.config().configFile(), yaml.replace("restapi:\n",
                "restapi:\n  allowlist: ['127.0.0.2']\n  allowlist_include_members: true\n"));
        node.sighup();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(postFrom("127.0.0.1", port, "/reload")).startsWith("202"));
        assertThat(postFrom("127.0.0.3", port, "/reload")).isEqualTo("403 Access is denied");
        // and plain lines again
        int plain = node.logMark();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.logSince(plain))
                .containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO: no action\\. I am \\("));
    }

    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** {@code POST path} with the REST credentials over a socket bound to {@code from}: "status body". */
    static String postFrom(String from, int port, String path) throws java.io.IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            String auth = Base64.getEncoder().encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(("POST " + path + " HTTP/1.0\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = all.substring(0, all.indexOf("\r\n"));
            return status.split(" ")[1] + " " + all.substring(all.indexOf("\r\n\r\n") + 4);
        }
    }

    private static int patchConfig(JPatroniNode node, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(node.url("/config")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + auth).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void superuser(JPatroniNode node, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        try (Connection c = DriverManager.getConnection(node.jdbcUrl(), p); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** "accepted", or PostgreSQL's message refusing app over TCP. */
    private static String connectsAsApp(JPatroniNode node) {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "appsecret");
        try (Connection c = DriverManager.getConnection(node.jdbcUrl(), p)) {
            return "accepted";
        } catch (SQLException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
