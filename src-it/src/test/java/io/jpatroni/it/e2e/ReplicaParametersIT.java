package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After {@code edit-config -p max_connections=101} and a restart of the primary, a new replica joins and streams: it
 * starts with the cluster's current parameters (and would be raised to the primary's pg_controldata values if the
 * configuration were lower), not with bootstrap.dcs's, which PostgreSQL refuses for recovery.
 */
class ReplicaParametersIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("maxconn", 1));

    @Test
    void newReplicaJoinsAfterMaxConnectionsWasRaisedOnThePrimary(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        assertThat(leader.queryOne("SHOW max_connections")).isEqualTo("50");

        var edit = Jpatronictl.run(leader.config().configFile(), "edit-config", "-p", "max_connections=101",
                "--force");
        assertThat(edit.exitCode()).as(edit.output()).isZero();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(leader.get("/patroni").orElseThrow().body()).contains("\"pending_restart\": true"));
        var restart = Jpatronictl.run(leader.config().configFile(), "restart", "maxconn", leader.name(), "--force");
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                assertThat(leader.queryOne("SHOW max_connections")).isEqualTo("101"));

        JPatroniNode replica = cluster.add(new JPatroniNode(cluster.newNodeConfig("node2"))).start();
        cluster.awaitHealthy(Duration.ofSeconds(90));
        assertThat(cluster.leader()).contains(leader);
        assertThat(replica.queryOne("SHOW max_connections")).isEqualTo("101");
        assertThat(replica.queryOne("SELECT status FROM pg_stat_wal_receiver")).isEqualTo("streaming");
        assertThat(java.nio.file.Files.readString(replica.config().dir().resolve("data.log")))
                .doesNotContain("lower setting than on the primary");
    }
}
