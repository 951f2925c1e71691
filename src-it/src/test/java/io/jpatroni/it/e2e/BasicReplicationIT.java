package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Processes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three nodes from empty: one leader, two streaming replicas; real patronictl and real HAProxy agree. */
class BasicReplicationIT {
    private static JPatroniCluster cluster;
    private static JPatroniNode leader;

    @BeforeAll
    static void bootstrap() {
        cluster = JPatroniCluster.start("basic", 3).withHaProxy();
        long t0 = System.nanoTime();
        try {
            leader = cluster.awaitHealthy(Duration.ofSeconds(90));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(40), e);
        }
        System.out.printf("bootstrap: 3 healthy members after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // HAProxy checks every second: wait until it routes both ways before asserting where it routes
        cluster.awaitWritableThroughHaProxy();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> serverPortAndRecovery(cluster.haproxy().readUrl()).endsWith(":true"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void realPatronictlListsOneLeaderAndTwoReplicas() {
        JPatroniNode any = cluster.nodes().get(0);
        String out = Processes.run(new ProcessBuilder("patronictl", "-c", any.config().configFile().toString(),
                "list"), Duration.ofSeconds(30));

        List<String> rows = out.lines().filter(l -> l.startsWith("| node")).toList();
        assertThat(rows).as(out).hasSize(3);
        assertThat(rows.stream().filter(r -> r.contains("| Leader ")).toList()).as(out)
                .singleElement().asString().contains("| " + leader.name() + " ").contains("running");
        assertThat(rows.stream().filter(r -> r.contains("| Replica ")).count()).as(out).isEqualTo(2);
        assertThat(out).contains("Cluster: basic");
    }

    @Test
    void haproxySendsWritesToTheLeaderAndReadsToReplicas() throws Exception {
        assertThat(serverPortAndRecovery(cluster.haproxy().writeUrl()))
                .isEqualTo(leader.config().pgPort() + ":false");
        for (int i = 0; i < 4; i++) {
            assertThat(serverPortAndRecovery(cluster.haproxy().readUrl())).endsWith(":true");
        }
    }

    @Test
    void everyNodeAnswersTheHealthChecksForItsRole() {
        for (JPatroniNode n : cluster.nodes()) {
            boolean isLeader = n == leader;
            assertThat(n.status("/primary")).as(n.name()).isEqualTo(isLeader ? 200 : 503);
            assertThat(n.status("/replica")).as(n.name()).isEqualTo(isLeader ? 503 : 200);
            assertThat(n.status("/health")).as(n.name()).isEqualTo(200);
        }
    }

    static String serverPortAndRecovery(String url) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        try (Connection c = DriverManager.getConnection(url, p);
             ResultSet rs = c.createStatement().executeQuery("SELECT inet_server_port(), pg_is_in_recovery()")) {
            rs.next();
            return rs.getInt(1) + ":" + rs.getBoolean(2);
        }
    }
}
