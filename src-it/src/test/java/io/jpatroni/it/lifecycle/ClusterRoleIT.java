package io.jpatroni.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Processes;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jpatronictl {@code demote-cluster} / {@code promote-cluster} (Patroni 4.1), as a planned move of the primary between
 * two data centres: cluster {@code main} leads and {@code dr} is its standby cluster; {@code demote-cluster main}
 * makes main a standby of dr's standby leader, {@code promote-cluster dr} makes dr the primary cluster (rows written
 * there reach main); then back: {@code demote-cluster dr}, {@code promote-cluster main}, rows flow main to dr again.
 */
class ClusterRoleIT {
    private static final Duration START = Duration.ofSeconds(120);

    /** etcd only: the method starts both clusters in it (scopes main and dr). */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> etcd = ClusterExtension.of(() -> JPatroniCluster.withoutNodes("main"));

    private static void awaitRows(JPatroniNode n, String expected) {
        await().atMost(Duration.ofSeconds(60)).alias(n.name() + " has replayed " + expected).untilAsserted(() ->
                assertThat(n.queryOne("SELECT string_agg(v, ',' ORDER BY v) FROM t")).isEqualTo(expected));
    }

    private static void ctl(NodeConfig cfg, String expected, String... args) {
        Processes.Result r = Jpatronictl.run(cfg.configFile(), args);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains(expected);
    }

    @Test
    void demoteClusterMakesItAStandbyOfTheOtherAndPromoteClusterTurnsItBack(JPatroniCluster c) throws Exception {
        NodeConfig mainCfg = c.newNodeConfig("main", "main1");
        JPatroniNode main = c.add(new JPatroniNode(mainCfg)).start();
        await().atMost(START).failFast(() -> !main.isAlive()).until(() -> main.status("/primary") == 200);
        main.execute("CREATE TABLE t(v text)", "INSERT INTO t VALUES ('a')");

        NodeConfig drCfg = c.newNodeConfig("dr", "dr1");
        JPatroniNode dr = c.add(new JPatroniNode(drCfg, drCfg.yaml().replace("bootstrap:\n  dcs:\n",
                "bootstrap:\n  dcs:\n    standby_cluster:\n      host: 127.0.0.1\n      port: " + mainCfg.pgPort()
                        + "\n"))).start();
        await().atMost(START).failFast(() -> !dr.isAlive()).until(() -> dr.status("/standby-leader") == 200);
        awaitRows(dr, "a");

        // main becomes a standby of dr, then dr is promoted: dr's rows reach main
        Processes.Result refused = Jpatronictl.run(mainCfg.configFile(), "demote-cluster", "--force");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("At least --host, --port or --restore-command should be specified");
        ctl(mainCfg, "cluster is successfully demoted", "demote-cluster", "--host", "127.0.0.1", "--port",
                String.valueOf(drCfg.pgPort()), "--force");
        assertThat(main.status("/standby-leader")).isEqualTo(200);
        ctl(drCfg, "cluster is successfully promoted", "promote-cluster", "--force");
        await().atMost(Duration.ofSeconds(30)).until(() -> dr.status("/primary") == 200);
        dr.execute("INSERT INTO t VALUES ('b')");
        awaitRows(main, "a,b");
        assertThat(main.queryOne("SELECT count(*)::text FROM pg_stat_wal_receiver WHERE status = 'streaming'"
                + " AND conninfo LIKE '%port=" + drCfg.pgPort() + "%'")).isEqualTo("1");

        // and back: dr becomes a standby of main, main is promoted, main's rows reach dr
        ctl(drCfg, "cluster is successfully demoted", "demote-cluster", "--host", "127.0.0.1", "--port",
                String.valueOf(mainCfg.pgPort()), "--force");
        ctl(mainCfg, "cluster is successfully promoted", "promote-cluster", "--force");
        await().atMost(Duration.ofSeconds(30)).until(() -> main.status("/primary") == 200);
        Processes.Result again = Jpatronictl.run(mainCfg.configFile(), "promote-cluster", "--force");
        assertThat(again.output()).contains("Cluster is already in the required state");
        main.execute("INSERT INTO t VALUES ('c')");
        awaitRows(dr, "a,b,c");
        assertThat(dr.status("/standby-leader")).isEqualTo(200);
    }
}
