package io.jpatroni.it.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.Freeze;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Timings;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jpatroni's fence in a real cluster (etcd, PostgreSQL 15, HAProxy, bin/jpatroni with its default watchdog section):
 * a leader whose daemon is frozen (SIGSTOP; PostgreSQL keeps running) or killed is stopped before its lock expires,
 * so no write is acknowledged by a primary that another node has replaced; where nobody could take over, or in
 * pause, nothing is stopped.
 */
class FreezeIT {
    private static final int TTL = Timings.JPATRONI.ttl();

    /** etcd only, for each method: the test starts the members it needs. */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerMethod =
            ClusterExtension.of(() -> JPatroniCluster.withoutNodes("freeze"));

    /** Whatever failed, no member stays frozen: the extension stops them after this. */
    @AfterEach
    void thaw(JPatroniCluster cluster) {
        for (JPatroniNode n : cluster.nodes()) {
            if (n.isAlive()) {
                Freeze.resume(n);
            }
        }
    }

    private static void startMembers(JPatroniCluster cluster, int size, Function<NodeConfig, String> yamlOf) {
        for (int i = 1; i <= size; i++) {
            NodeConfig cfg = cluster.newNodeConfig("node" + i);
            cluster.add(new JPatroniNode(cfg, yamlOf.apply(cfg))).start();
        }
    }

    /** Three members and HAProxy, their leader's daemon frozen for 2 x ttl. */
    private static Freeze.Outcome freezeTheLeader(JPatroniCluster cluster, boolean fenced,
                                                  Function<NodeConfig, String> yamlOf) throws Exception {
        startMembers(cluster, 3, yamlOf);
        cluster.withHaProxy();
        cluster.restoreHealth(Duration.ofSeconds(120));
        return Freeze.leaderThroughHaProxy(cluster, Duration.ofSeconds(2L * TTL), fenced);
    }

    private static boolean isAlive(long pid) {
        return Freeze.isAlive(pid);
    }

    @Test
    void frozenLeaderIsStoppedBeforeAnotherPromotes_noAcknowledgedWriteLost(JPatroniCluster cluster)
            throws Exception {
        // no watchdog section: the fence by default
        Freeze.Outcome o = freezeTheLeader(cluster, true, NodeConfig::yaml);
        System.out.println("FREEZE fence on: " + o.summary());
        // its deadline: the last lock write before the freeze + ttl - safety_margin (10 - 5); a little slack for the
        // fence's own wake-up and the postmaster's exit on a loaded machine
        assertThat(o.postmasterGoneAfter()).as("seconds from SIGSTOP to the postmaster gone")
                .isLessThan(TTL - 5 + 1.5);
        JPatroniNode old = cluster.node(o.old());
        JPatroniNode leader = cluster.node(o.newLeader());
        assertThat(old.logTail(3000)).contains("sent SIGQUIT (immediate shutdown) to postmaster " + o.postmaster());
        assertThat(isAlive(o.postmaster())).isFalse();
        assertThat(o.lost()).as("acknowledged writes lost").isEmpty();
        assertThat(o.lateOnOld()).as("writes acknowledged by the old primary after the new one's promotion").isZero();

        // the new leader armed its fence once, when it promoted
        String activated = "jpatroni fence for " + leader.config().dataDir() + " activated with 5 second timeout";
        assertThat(leader.logTail(3000).lines().filter(l -> l.contains(activated)).count()).isEqualTo(1);

        // thawed, the old leader finds its PostgreSQL stopped and another leader: it rejoins as a replica
        assertThat(cluster.awaitHealthy(Duration.ofSeconds(90))).isEqualTo(leader);

        // a clean shutdown of a fenced leader ends its fence
        assertThat(Freeze.fencesOf(leader.config().dataDir())).isEqualTo(1);
        assertThat(leader.stop(Duration.ofSeconds(60))).isZero();
        assertThat(Freeze.fencesOf(leader.config().dataDir())).isZero();
    }

    /**
     * The same freeze without the fence ({@code watchdog.mode: off}, Patroni without a watchdog device): the old
     * primary runs through the promotion; what it acknowledged meanwhile is the figure the fence removes.
     */
    @Test
    @Tag("extended") // the comparison without the fence (what Patroni without a device loses): FreezeBench measures it too
    void frozenLeaderWithoutTheFenceKeepsRunningThroughThePromotion(JPatroniCluster cluster) throws Exception {
        Freeze.Outcome o = freezeTheLeader(cluster, false, cfg -> cfg.yaml() + "watchdog:\n  mode: 'off'\n");
        System.out.println("FREEZE fence off: " + o.summary());
        JPatroniNode old = cluster.node(o.old());
        assertThat(old.logTail(3000)).doesNotContain("sent SIGQUIT (immediate shutdown) to postmaster");
        assertThat(Freeze.fencesOf(old.config().dataDir())).isZero();
        // no health is awaited afterwards: a replica that streamed from the old primary past the promotion point
        // has diverged (PostgreSQL: "new timeline 2 forked off current database system timeline 1 before current
        // recovery point") and waits for a rewind the running replica is not given - the other damage a fence avoids
    }

    @Test
    void killedDaemonRestartedQuicklyKeepsItsPrimary_notRestartedItsPrimaryIsStopped_pausedNothingStops(
            JPatroniCluster cluster) throws Exception {
        // safety_margin 2: the fence's deadline is 8 s after a lock write, room for a JVM to start again
        startMembers(cluster, 2, cfg -> cfg.yaml() + "watchdog:\n  safety_margin: 2\n");
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(120));
        JPatroniNode other = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
        NodeConfig cfg = leader.config();

        // armed first (the leader arms once it sees a replica that could take over, a cycle after health): a pause
        // that lands before that has nothing to disarm
        await().atMost(Duration.ofSeconds(10)).until(() -> Freeze.fencesOf(cfg.dataDir()) == 1);
        // paused: the fence is disarmed, a frozen daemon stops nothing
        assertThat(Jpatronictl.run(cfg.configFile(), "pause", "--wait").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> leader.logTail(300).contains("disarmed"));
        long postmaster = leader.postmasterPid().orElseThrow();
        Freeze.stop(leader);
        try {
            await().during(Duration.ofSeconds(TTL + 2)).atMost(Duration.ofSeconds(TTL + 3))
                    .until(() -> isAlive(postmaster));
        } finally {
            Freeze.resume(leader);
        }
        assertThat(Jpatronictl.run(cfg.configFile(), "resume", "--wait").exitCode()).isZero();
        cluster.awaitHealthy(Duration.ofSeconds(60));
        JPatroniNode current = cluster.leader().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> Freeze.fencesOf(current.config().dataDir()) == 1);

        // kill -9 of the daemon alone, started again at once: the old fence is retired, the primary kept
        long primary = current.postmasterPid().orElseThrow();
        Freeze.signal("-KILL", current.pid());
        current.awaitExit(Duration.ofSeconds(10)).orElseThrow();
        current.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> current.logTail(200)
                .contains("retired another jpatroni fence of this data directory"));
        await().during(Duration.ofSeconds(TTL)).atMost(Duration.ofSeconds(TTL + 1)).until(() -> isAlive(primary));
        assertThat(current.postmasterPid()).contains(primary);
        assertThat(cluster.leader()).contains(current);
        assertThat(Freeze.fencesOf(current.config().dataDir())).isEqualTo(1);

        // kill -9 of the daemon alone, not started again: its fence stops PostgreSQL at the deadline
        Freeze.signal("-KILL", current.pid());
        long killedAt = System.nanoTime();   // kill(1) returned: dead by now, its last lock write earlier
        await().atMost(Duration.ofSeconds(TTL)).pollInterval(Duration.ofMillis(20))
                .until(() -> !isAlive(primary));
        double stoppedAfter = (System.nanoTime() - killedAt) / 1e9;
        JPatroniNode successor = cluster.nodes().stream().filter(n -> n != current).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> successor.status("/primary") == 200);
        System.out.printf("FENCE kill -9 of the daemon: postmaster stopped %.2f s later%n", stoppedAfter);
        assertThat(stoppedAfter).as("ttl - safety_margin after the last lock write").isLessThan(TTL - 2 + 1.5);
        await().atMost(Duration.ofSeconds(10)).until(() -> Freeze.fencesOf(current.config().dataDir()) == 0);
        assertThat(other.status("/primary")).isEqualTo(200);
    }

    @Test
    void singleNodeFrozenKeepsRunning(JPatroniCluster cluster) throws Exception {
        startMembers(cluster, 1, NodeConfig::yaml);
        JPatroniNode only = cluster.awaitHealthy(Duration.ofSeconds(90));
        long postmaster = only.postmasterPid().orElseThrow();
        Freeze.stop(only);
        try {
            await().during(Duration.ofSeconds(TTL + 2)).atMost(Duration.ofSeconds(TTL + 3))
                    .until(() -> isAlive(postmaster));
            assertThat(only.queryOne("SELECT pg_catalog.pg_is_in_recovery()")).isEqualTo("f");
        } finally {
            Freeze.resume(only);
        }
        assertThat(only.logTail(300)).doesNotContain("sent SIGQUIT");
        assertThat(Freeze.fencesOf(only.config().dataDir())).as("nobody could take over: never armed").isZero();
        // thawed after its lease expired, it cannot renew the lock: it demotes and takes the lock again (the HA
        // loop's answer to a lost lock, not the fence's)
        await().atMost(Duration.ofSeconds(60)).until(() -> only.status("/primary") == 200);
    }
}
