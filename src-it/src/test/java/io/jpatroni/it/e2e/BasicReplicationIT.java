package io.jpatroni.it.e2e;

import static io.jpatroni.it.support.HaProxy.serverPortAndRecovery;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Processes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three nodes from empty: one leader, two streaming replicas; real patronictl and real HAProxy agree. */
class BasicReplicationIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("basic", 3).withHaProxy());

    @Test
    void realPatronictlListsOneLeaderAndTwoReplicas(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        String out = Processes.run(new ProcessBuilder("patronictl", "-c",
                cluster.nodes().get(0).config().configFile().toString(), "list"), Duration.ofSeconds(30));

        List<String> rows = out.lines().filter(l -> l.startsWith("| node")).toList();
        assertThat(rows).as(out).hasSize(3);
        assertThat(rows.stream().filter(r -> r.contains("| Leader ")).toList()).as(out)
                .singleElement().asString().contains("| " + leader.name() + " ").contains("running");
        assertThat(rows.stream().filter(r -> r.contains("| Replica ")).count()).as(out).isEqualTo(2);
        assertThat(out).contains("Cluster: basic");
    }

    @Test
    void haproxySendsWritesToTheLeaderAndReadsToReplicas(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        assertThat(serverPortAndRecovery(cluster.haproxy().writeUrl()))
                .isEqualTo(leader.config().pgPort() + ":false");
        for (int i = 0; i < 4; i++) {
            assertThat(serverPortAndRecovery(cluster.haproxy().readUrl())).endsWith(":true");
        }
    }

    @Test
    void everyNodeAnswersTheHealthChecksForItsRole(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        for (JPatroniNode n : cluster.nodes()) {
            boolean isLeader = n == leader;
            assertThat(n.status("/primary")).as(n.name()).isEqualTo(isLeader ? 200 : 503);
            assertThat(n.status("/replica")).as(n.name()).isEqualTo(isLeader ? 503 : 200);
            assertThat(n.status("/health")).as(n.name()).isEqualTo(200);
        }
    }
}
