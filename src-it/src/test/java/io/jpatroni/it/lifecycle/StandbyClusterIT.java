package io.jpatroni.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import io.jpatroni.it.support.Processes;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code standby_cluster}: a second 2-node cluster replicates a first one; its lock holder is a standby leader
 * streaming from the first cluster's primary ({@code /standby-leader} 200, {@code /primary} 503, role
 * {@code standby_leader} in its member key, "Standby Leader" in both ctls' {@code list}), its replica follows it.
 * A kill -9 of the standby leader: the other node takes the lock and streams from the remote. Removing the section
 * with {@code edit-config} promotes the standby leader: the second cluster accepts writes.
 */
class StandbyClusterIT {
    private static final Duration START = Duration.ofSeconds(120);

    /** etcd only: the method starts both clusters in it (scopes main and dr). */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> etcd = ClusterExtension.of(() -> JPatroniCluster.withoutNodes("main"));

    private static String standbyYaml(NodeConfig cfg, int remotePort) {
        return cfg.yaml().replace("bootstrap:\n  dcs:\n", "bootstrap:\n  dcs:\n    standby_cluster:\n"
                + "      host: 127.0.0.1\n      port: " + remotePort + "\n");
    }

    private static void awaitRows(JPatroniNode n, String expected) {
        await().atMost(Duration.ofSeconds(60)).alias(n.name() + " has replayed " + expected).untilAsserted(() ->
                assertThat(n.queryOne("SELECT string_agg(v, ',' ORDER BY v) FROM t")).isEqualTo(expected));
    }

    @Test
    void aStandbyClusterReplicatesSurvivesTheLossOfItsStandbyLeaderAndIsPromotedByEditConfig(JPatroniCluster c)
            throws Exception {
        // the first cluster
        NodeConfig m1Cfg = c.newNodeConfig("main", "main1");
        JPatroniNode m1 = c.add(new JPatroniNode(m1Cfg)).start();
        await().atMost(START).failFast(() -> !m1.isAlive()).until(() -> m1.status("/primary") == 200);
        JPatroniNode m2 = c.add(new JPatroniNode(c.newNodeConfig("main", "main2"))).start();
        await().atMost(START).failFast(() -> !m2.isAlive()).until(() -> m2.status("/replica") == 200);
        m1.execute("CREATE TABLE t(v text)", "INSERT INTO t VALUES ('a')");

        // the standby cluster: dr1 bootstraps from the remote primary, dr2 clones from dr1
        NodeConfig dr1Cfg = c.newNodeConfig("dr", "dr1");
        JPatroniNode dr1 = c.add(new JPatroniNode(dr1Cfg, standbyYaml(dr1Cfg, m1Cfg.pgPort()))).start();
        await().atMost(START).failFast(() -> !dr1.isAlive()).alias("dr1 becomes the standby leader")
                .until(() -> dr1.status("/standby-leader") == 200);
        NodeConfig dr2Cfg = c.newNodeConfig("dr", "dr2");
        JPatroniNode dr2 = c.add(new JPatroniNode(dr2Cfg, standbyYaml(dr2Cfg, m1Cfg.pgPort()))).start();
        await().atMost(START).failFast(() -> !dr2.isAlive()).alias("dr2 runs as a replica of dr1")
                .until(() -> dr2.status("/replica") == 200);
        assertThat(dr1.status("/primary")).isEqualTo(503);
        assertThat(dr1.status("/leader")).isEqualTo(200);
        assertThat(dr1.status("/replica")).isEqualTo(503);
        assertThat(dr2.status("/standby-leader")).isEqualTo(503);
        assertThat(dr1.queryOne("SELECT count(*)::text FROM pg_stat_wal_receiver WHERE status = 'streaming'"
                + " AND conninfo LIKE '%port=" + m1Cfg.pgPort() + "%'")).isEqualTo("1");
        assertThat(Files.readString(dr1.log())).contains("trying to bootstrap a new standby leader",
                "no action. I am (dr1), the standby leader with the lock");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dr2.logTail(50))
                .contains("no action. I am (dr2), a secondary, and following a standby leader (dr1)"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(c.etcd().etcdctl("get",
                "/service/dr/members/dr1", "--print-value-only")).contains("\"role\":\"standby_leader\""));

        m1.execute("INSERT INTO t VALUES ('b')");
        awaitRows(dr1, "a,b");
        awaitRows(dr2, "a,b");

        // both ctls name the standby leader
        Processes.Result jp = Jpatronictl.run(dr1Cfg.configFile(), "list");
        assertThat(jp.exitCode()).as(jp.output()).isZero();
        assertThat(jp.output()).contains("| dr1    | 127.0.0.1:" + dr1Cfg.pgPort() + " | Standby Leader |");
        Processes.Result py = Jpatronictl.patronictl(dr1Cfg.configFile(), "list");
        assertThat(py.exitCode()).as(py.output()).isZero();
        assertThat(py.output()).contains("| dr1    | 127.0.0.1:" + dr1Cfg.pgPort() + " | Standby Leader |");

        // kill -9 of the standby leader: dr2 takes the lock and streams from the remote
        dr1.killHard();
        await().atMost(Duration.ofSeconds(60)).alias("dr2 becomes the standby leader")
                .until(() -> dr2.status("/standby-leader") == 200);
        assertThat(dr2.status("/primary")).isEqualTo(503);
        assertThat(Files.readString(dr2.log())).contains("promoted self to a standby leader by acquiring session lock");
        m1.execute("INSERT INTO t VALUES ('c')");
        awaitRows(dr2, "a,b,c");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dr2.queryOne(
                "SELECT count(*)::text FROM pg_stat_wal_receiver WHERE status = 'streaming'"
                        + " AND conninfo LIKE '%port=" + m1Cfg.pgPort() + "%'")).isEqualTo("1"));

        // dr1 comes back as a replica of the new standby leader
        dr1.start();
        await().atMost(START).failFast(() -> !dr1.isAlive()).alias("dr1 follows dr2")
                .until(() -> dr1.status("/replica") == 200);
        awaitRows(dr1, "a,b,c");

        // a switchover inside the standby cluster: dr1 takes the standby leader's place and streams from the remote,
        // dr2 follows it; nothing is promoted
        Processes.Result sw = Jpatronictl.run(dr2Cfg.configFile(), "switchover", "--leader", "dr2", "--candidate",
                "dr1", "--force");
        assertThat(sw.exitCode()).as(sw.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).alias("dr1 becomes the standby leader again")
                .until(() -> dr1.status("/standby-leader") == 200 && dr2.status("/replica") == 200);
        assertThat(dr1.status("/primary")).isEqualTo(503);
        m1.execute("INSERT INTO t VALUES ('c2')");
        awaitRows(dr1, "a,b,c,c2");
        awaitRows(dr2, "a,b,c,c2");

        // edit-config removes standby_cluster: dr1 is promoted, the second cluster accepts writes
        Processes.Result edit = Jpatronictl.run(dr1Cfg.configFile(), "edit-config", "--set", "standby_cluster=null",
                "--force");
        assertThat(edit.exitCode()).as(edit.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).alias("dr1 is promoted").until(() -> dr1.status("/primary") == 200);
        assertThat(Files.readString(dr1.log())).contains("promoted self to leader because I had the session lock");
        dr1.execute("INSERT INTO t VALUES ('d')");
        awaitRows(dr2, "a,b,c,c2,d");
        assertThat(m1.queryOne("SELECT string_agg(v, ',' ORDER BY v) FROM t")).isEqualTo("a,b,c,c2");
    }

    /**
     * The same standby leader run by Patroni 3.0.2 and by jpatroni, both replicating one jpatroni primary: the same
     * health answers, the same role in GET /patroni and in the member key, the same status line.
     */
    @Test
    void aStandbyLeaderAnswersAsPatronisDoes(JPatroniCluster c) throws Exception {
        NodeConfig mainCfg = c.newNodeConfig("main", "main1");
        JPatroniNode main = c.add(new JPatroniNode(mainCfg)).start();
        await().atMost(START).failFast(() -> !main.isAlive()).until(() -> main.status("/primary") == 200);
        NodeConfig jpCfg = c.newNodeConfig("jdr", "jdr1");
        JPatroniNode jp = c.add(new JPatroniNode(jpCfg, standbyYaml(jpCfg, mainCfg.pgPort()))).start();
        try (PatroniCluster py = PatroniCluster.start("pydr", 1, cfg -> standbyYaml(cfg, mainCfg.pgPort()))) {
            NodeConfig pyCfg = py.nodes().get(0);
            await().atMost(START).alias("Patroni's standby leader").untilAsserted(() -> assertThat(
                    Files.readString(pyCfg.dir().resolve("patroni.log"))).contains(
                            "no action. I am (node1), the standby leader with the lock"));
            await().atMost(START).failFast(() -> !jp.isAlive()).alias("jpatroni's standby leader")
                    .until(() -> jp.logTail(20).contains("no action. I am (jdr1), the standby leader with the lock"));
            for (String path : List.of("/primary", "/leader", "/standby-leader", "/standby_leader", "/replica",
                    "/read-only", "/health", "/liveness", "/readiness", "/async")) {
                assertThat(jp.status(path)).as(path).isEqualTo(PatroniCluster.status(pyCfg, path));
            }
            assertThat(role(jp.get("/patroni").orElseThrow().body())).isEqualTo("standby_leader")
                    .isEqualTo(role(PatroniCluster.get(pyCfg, "/patroni").orElseThrow().body()));
            assertThat(c.etcd().etcdctl("get", "/service/jdr/members/jdr1", "--print-value-only"))
                    .contains("\"role\":\"standby_leader\"");
            assertThat(py.etcd().etcdctl("get", "/service/pydr/members/node1", "--print-value-only"))
                    .contains("\"role\":\"standby_leader\"");
        }
    }

    private static String role(String patroniJson) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(patroniJson).path("role").asText();
    }

}
