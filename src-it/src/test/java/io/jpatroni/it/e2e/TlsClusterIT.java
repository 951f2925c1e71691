package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterCerts;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.RoutingProbe;
import io.jpatroni.it.support.Writer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 3-node cluster where every TCP connection wants a client certificate: PostgreSQL with
 * {@code hostssl ... clientcert=verify-ca} only (each {@code postgresql.authentication} user with its own certificate,
 * key format and sslmode), the REST API with {@code verify_client: required} (HAProxy's {@code check-ssl ... crt},
 * peers and ctls through the {@code ctl} section). It bootstraps and clones; plain HTTP and certificate-less clients
 * are refused; jpatronictl and the real patronictl switch over (with the ctl section, from {@code PATRONI_CTL_*},
 * and {@code -k}) while HAProxy routes writes; a kill -9 fails over and pg_rewind brings the old leader back.
 */
class TlsClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.startWithTls("tls", 3).withHaProxy());

    @Test
    void bootstrapAndClonesRanOverTlsWithEachUsersCertificate(JPatroniCluster cluster) throws Exception {
        ClusterCerts certs = certs(cluster);
        JPatroniNode leader = cluster.leader().orElseThrow();
        assertThat(query(leader.jdbcUrl(), "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_replication r"
                + " USING (pid) WHERE s.ssl AND s.client_dn = '/CN=replicator' AND r.state = 'streaming'"))
                .as("walsenders of both replicas").isEqualTo("2");
        assertThat(query(leader.jdbcUrl(), "SELECT string_agg(DISTINCT s.client_dn, ',') FROM pg_stat_ssl s"
                + " JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'Patroni'"))
                .as("jpatroni's own JDBC connections").isEqualTo("/CN=postgres");
        for (JPatroniNode replica : cluster.replicas()) {
            assertThat(query(replica.jdbcUrl(), "SHOW primary_conninfo")).contains("sslmode=verify-ca sslcert="
                    + certs.userCert("replicator") + " sslkey=" + certs.userKey("replicator"));
        }
        String plain = "jdbc:postgresql://127.0.0.1:" + leader.config().pgPort() + "/postgres";
        assertThatThrownBy(() -> query(plain + "?sslmode=disable", "SELECT 1"))
                .hasMessageContaining("no pg_hba.conf entry");
        assertThatThrownBy(() -> query(plain + "?sslmode=require", "SELECT 1"))
                .hasMessageContaining("connection requires a valid client certificate");
        JsonNode members = JSON.readTree(leader.get("/cluster").orElseThrow().body()).path("members");
        assertThat(members).hasSize(3).allSatisfy(m -> assertThat(m.path("api_url").asText())
                .startsWith("https://127.0.0.1:"));
    }

    @Test
    void restApiRefusesPlainHttpAndClientsWithoutACertificate(JPatroniCluster cluster) throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpClient noCertificate = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .sslContext(certs(cluster).https(false)).build();
        for (JPatroniNode node : cluster.nodes()) {
            URI http = URI.create("http://127.0.0.1:" + node.config().restPort() + "/patroni");
            try {
                HttpResponse<String> r = plain.send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(3))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("plain HTTP on " + node.name()).isNotEqualTo(200);
                assertThat(r.body()).doesNotContain("\"state\"");
            } catch (IOException refused) {
                // the TLS listener drops a plain HTTP request: refused either way
            }
            assertThatThrownBy(() -> noCertificate.send(HttpRequest.newBuilder(node.url("/patroni"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("HTTPS without a client certificate on " + node.name()).isInstanceOf(IOException.class);
            assertThat(node.status("/patroni")).as("with the certificate").isEqualTo(200);
        }
    }

    @Test
    void jpatronictlAndPatronictlSwitchOverWhileHaProxyRoutesWrites(JPatroniCluster cluster) throws Exception {
        Path config = cluster.nodes().get(0).config().configFile();
        JPatroniNode first = cluster.leader().orElseThrow();
        switchover(cluster, first, null, () -> {
            Processes.Result r = Jpatronictl.run(config, "switchover", "--force", "--leader", first.name());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Successfully switched over to");
            return "jpatronictl";
        });
        JPatroniNode second = cluster.leader().orElseThrow();
        JPatroniNode candidate = cluster.replicas().get(0);
        switchover(cluster, second, candidate.name(), () -> {
            Processes.Result r = Jpatronictl.patronictl(config, "switchover", "--force", "--leader", second.name(),
                    "--candidate", candidate.name());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Successfully switched over to \"" + candidate.name() + "\"");
            return "patronictl";
        });
    }

    @Test
    void bothCtlsTakeTheCtlSectionFromTheEnvironmentAndInsecureSkipsOnlyTheHostName(JPatroniCluster cluster)
            throws Exception {
        ClusterCerts certs = certs(cluster);
        Path ctlOnly = cluster.dir().resolve("ctl-only.yml");
        Files.writeString(ctlOnly, "scope: tls\nnamespace: /service/\netcd3:\n  hosts: "
                + String.join(",", cluster.etcd().hosts()) + "\n");
        Map<String, String> env = Map.of("PATRONI_CTL_CERTFILE", certs.restClientCert().toString(),
                "PATRONI_CTL_KEYFILE", certs.restClientKey().toString(), "PATRONI_CTL_CACERT", certs.ca().toString());
        for (boolean real : new boolean[] {false, true}) {
            String ctl = real ? "patronictl" : "jpatronictl";
            String with = version(real, env, ctlOnly);
            String without = version(real, Map.of(), ctlOnly);
            for (JPatroniNode n : cluster.nodes()) {
                assertThat(with).as(ctl + " with PATRONI_CTL_*").contains(n.name() + ": Patroni ")
                        .contains("PostgreSQL 15.");
                assertThat(without).as(ctl + " without a client certificate")
                        .contains(n.name() + ": failed to get version");
            }
        }

        // a replica whose REST certificate names another address: the chain is good, the name is not
        JPatroniNode replica = cluster.replicas().get(0);
        try {
            restart(cluster, replica, certs.restCertificateForAnotherAddress(replica.name()));
            for (boolean real : new boolean[] {false, true}) {
                String ctl = real ? "patronictl" : "jpatronictl";
                assertThat(version(real, env, ctlOnly, replica.name())).as(ctl + " checks the host name")
                        .contains(replica.name() + ": failed to get version");
                assertThat(version(real, env, ctlOnly, "-k", replica.name())).as(ctl + " -k")
                        .contains(replica.name() + ": Patroni ");
            }
        } finally {
            restart(cluster, replica, new Path[] {certs.restServerCert(), certs.restServerKey()});
        }
    }

    @Test
    void killNineOfTheLeaderFailsOverAndPgRewindBringsItBackOverTls(JPatroniCluster cluster) throws Exception {
        JPatroniNode oldLeader = cluster.leader().orElseThrow();
        truncateWrites(cluster);
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 50);
             RoutingProbe routing = RoutingProbe.start(cluster.haproxy())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            long killedAt = System.nanoTime();
            oldLeader.killHard();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.leader().filter(l -> l != oldLeader).isPresent());
            JPatroniNode newLeader = cluster.leader().orElseThrow();
            double primaryAfter = (System.nanoTime() - killedAt) / 1e9;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> writer.secondsToFirstWriteAfter(killedAt, oldLeader.config().pgPort()) > 0);
            double writesAfter = writer.secondsToFirstWriteAfter(killedAt, oldLeader.config().pgPort());
            writer.close();
            List<Long> lost = writer.lostWrites(cluster.haproxy().writeUrl());
            long lastSecond = killedAt - 1_000_000_000L;
            assertThat(writer.acks().stream().filter(a -> a.nanos() < lastSecond).map(Writer.Ack::id)
                    .filter(lost::contains)).as("writes acknowledged more than 1 s before the kill, lost").isEmpty();
            assertThat(routing.writesRoutedToReplica()).as("write connections answered by a replica").isZero();

            long restartedAt = System.nanoTime();
            int restart = oldLeader.logMark();
            oldLeader.start();
            cluster.awaitHealthy(Duration.ofSeconds(60));
            System.out.printf("TLS kill -9: %s primary after %.2f s, first write through HAProxy after %.2f s, "
                            + "old leader %s streaming again %.2f s after restart, lost %s%n", newLeader.name(),
                    primaryAfter, writesAfter, oldLeader.name(), (System.nanoTime() - restartedAt) / 1e9, lost);
            assertThat(oldLeader.logSince(restart)).contains("running pg_rewind from rewind_user@127.0.0.1:"
                    + newLeader.config().pgPort()).contains("pg_rewind finished successfully");
            assertThat(oldLeader.status("/replica")).isEqualTo(200);
        }
    }

    private static ClusterCerts certs(JPatroniCluster cluster) {
        return cluster.nodes().get(0).config().tls().orElseThrow();
    }

    /** {@code version tls [args...]} of either ctl with {@code -c ctlOnly}, the given environment added. */
    private static String version(boolean real, Map<String, String> env, Path ctlOnly, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("-c", ctlOnly.toString()));
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        if (rest.remove("-k")) {
            all.add("-k");
        }
        all.add("version");
        all.add("tls");
        all.addAll(rest);
        Processes.Result r = real ? Jpatronictl.patronictlWithEnv(env, all.toArray(String[]::new))
                : Jpatronictl.runWithEnv(env, all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    /** Stops {@code node}, gives its REST API {@code certAndKey}, starts it and waits for a healthy cluster. */
    private static void restart(JPatroniCluster cluster, JPatroniNode node, Path[] certAndKey) throws IOException {
        assertThat(node.stop(Duration.ofSeconds(30))).isZero();
        Files.copy(certAndKey[0], node.config().restCert(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certAndKey[1], node.config().restKey(), StandardCopyOption.REPLACE_EXISTING);
        node.start();
        cluster.awaitHealthy(Duration.ofSeconds(60));
    }

    private static void switchover(JPatroniCluster cluster, JPatroniNode old, String candidate,
                                   Callable<String> command) throws Exception {
        truncateWrites(cluster);
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 20);
             RoutingProbe routing = RoutingProbe.start(cluster.haproxy())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            long startedAt = System.nanoTime();
            String how = command.call();
            double wall = (System.nanoTime() - startedAt) / 1e9;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.leader().filter(l -> l != old).isPresent());
            JPatroniNode leader = cluster.leader().orElseThrow();
            if (candidate != null) {
                assertThat(leader.name()).isEqualTo(candidate);
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> writer.secondsToFirstWriteAfter(startedAt, old.config().pgPort()) > 0);
            double firstWrite = writer.secondsToFirstWriteAfter(startedAt, old.config().pgPort());
            writer.close();
            System.out.printf("TLS switchover (%s) %s -> %s: command wall %.2f s, first write through HAProxy on the"
                            + " new primary after %.2f s, longest write gap %.2f s, writes routed to a replica %d/%d%n",
                    how, old.name(), leader.name(), wall, firstWrite, writer.longestGapSeconds(),
                    routing.writesRoutedToReplica(), routing.probes());
            assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).as("lost writes").isEmpty();
            assertThat(writer.acks().stream().filter(a -> a.nanos() > startedAt).reduce((a, b) -> b).orElseThrow()
                    .serverPort()).as("the last writes through HAProxy").isEqualTo(leader.config().pgPort());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> old.status("/replica") == 200 && JPatroniCluster.streamingReplicas(leader) == 2);
        }
    }

    private static void truncateWrites(JPatroniCluster cluster) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> query(cluster.haproxy().writeUrl(), "TRUNCATE writes"));
    }

    private static String query(String url, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        p.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return null;
            }
            try (ResultSet rs = st.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
