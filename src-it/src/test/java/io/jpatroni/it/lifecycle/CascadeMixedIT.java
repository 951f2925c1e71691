package io.jpatroni.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.MixedCluster;
import io.jpatroni.it.support.MixedCluster.Impl;
import io.jpatroni.it.support.NodeConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code replicatefrom} between Patroni 3.0.2 and jpatroni in one cluster, led by jpatroni: a Patroni replica
 * cascading from a jpatroni replica gets its slot there (jpatroni reads the tag from Patroni's member key) and none on
 * the leader; a jpatroni replica cascading from a Patroni replica gets its slot from Patroni (3.0.2's rule for
 * replicas), and the jpatroni leader keeps none for it.
 */
@Tag("extended")
class CascadeMixedIT {
    private static final Duration WITHIN = Duration.ofSeconds(60);

    @RegisterExtension
    final ClusterExtension<MixedCluster> cluster = ClusterExtension.of(() -> {
        org.junit.jupiter.api.Assumptions.assumeTrue(MixedCluster.patroniAvailable(), "Patroni is not installed");
        return MixedCluster.start("cascmix", List.of("node1", "node2", "node3"), Impl.JPATRONI);
    });

    private static String one(NodeConfig n, String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + n.pgPort() + "/postgres", p);
             Statement st = c.createStatement()) {
            if (!sql.startsWith("SELECT")) {
                st.execute(sql);
                return "";
            }
            try (ResultSet rs = st.executeQuery(sql)) {
                return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
            }
        }
    }

    private static String streaming(NodeConfig n) throws SQLException {
        return one(n, "SELECT string_agg(application_name, ',' ORDER BY application_name) FROM pg_stat_replication"
                + " WHERE state = 'streaming'");
    }

    private static String slots(NodeConfig n) throws SQLException {
        return one(n, "SELECT string_agg(slot_name, ',' ORDER BY slot_name) FROM pg_replication_slots");
    }

    private static String withTag(String yaml, String tag) {
        return yaml.replace("tags:\n", "tags:\n  " + tag + "\n");
    }

    private static void awaitRows(NodeConfig n, String expected) {
        await().atMost(WITHIN).alias(n.name() + " has " + expected).untilAsserted(() ->
                assertThat(one(n, "SELECT string_agg(v, ',' ORDER BY v) FROM t")).isEqualTo(expected));
    }

    @Test
    void patroniAndJPatroniFeedEachOthersCascadingReplicasAndKeepTheirSlots(MixedCluster c) throws Exception {
        NodeConfig leader = c.leader().orElseThrow();
        List<NodeConfig> replicas = c.nodes().stream().filter(n -> n != leader).toList();
        NodeConfig jp = replicas.get(0);
        NodeConfig py = replicas.get(1);
        one(leader, "CREATE TABLE t(v text)");
        one(leader, "INSERT INTO t VALUES ('a')");

        // Patroni 3.0.2 on py, replicating from the jpatroni replica jp
        c.stop(py);
        c.editYaml(py, y -> withTag(y, "replicatefrom: " + jp.name()));
        c.start(py, Impl.PATRONI);
        await().atMost(WITHIN).alias("Patroni's " + py.name() + " streams from " + jp.name()).untilAsserted(() -> {
            assertThat(streaming(jp)).isEqualTo(py.name());
            assertThat(slots(jp)).isEqualTo(py.name());
            assertThat(streaming(leader)).isEqualTo(jp.name());
            assertThat(slots(leader)).isEqualTo(jp.name());
        });
        one(leader, "INSERT INTO t VALUES ('b')");
        awaitRows(py, "a,b");

        // the other way round: jpatroni on jp, replicating from Patroni's py
        c.stop(jp);
        c.stop(py);
        c.editYaml(py, y -> y);
        c.start(py, Impl.PATRONI);
        await().atMost(WITHIN).until(() -> MixedCluster.status(py, "/replica") == 200);
        c.editYaml(jp, y -> withTag(y, "replicatefrom: " + py.name()));
        c.start(jp, Impl.JPATRONI);
        await().atMost(WITHIN).alias("jpatroni's " + jp.name() + " streams from " + py.name()).untilAsserted(() -> {
            assertThat(streaming(py)).isEqualTo(jp.name());
            assertThat(slots(py)).isEqualTo(jp.name());
            assertThat(streaming(leader)).isEqualTo(py.name());
            assertThat(slots(leader)).isEqualTo(py.name());
        });
        one(leader, "INSERT INTO t VALUES ('c')");
        awaitRows(jp, "a,b,c");
    }
}
