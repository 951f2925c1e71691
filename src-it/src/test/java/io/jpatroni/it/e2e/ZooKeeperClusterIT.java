package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.PrimaryWatch;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.RoutingProbe;
import io.jpatroni.it.support.TcpProxy;
import io.jpatroni.it.support.Timings;
import io.jpatroni.it.support.Writer;
import io.jpatroni.it.support.ZooKeeperEnsemble;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 3-node jpatroni cluster on ZooKeeper (Debian's server, Debian's tick) behind HAProxy, each node reaching ZooKeeper
 * through its own {@link TcpProxy} so that one node's connection can be cut: bootstrap with Patroni's znode layout,
 * kill -9 of the leader (the same measure as {@code FailoverIT} on etcd), SIGTERM hand-over, switchover with
 * jpatronictl, and the leader's session expiring behind a cut connection. One cluster for the class, from
 * {@link ClusterExtension}: every method starts from a healthy one (connections healed, every node running),
 * whatever the previous did.
 */
class ZooKeeperClusterIT {
    private static final Timings TIMINGS = Timings.JPATRONI;

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER = ClusterExtension.of(() ->
            JPatroniCluster.startBehindDcsProxies("zk", 3, ZooKeeperEnsemble.start(1)).withHaProxy());

    /** Patroni's layout: leader and members ephemeral in the owner's session, the cluster's keys persistent. */
    @Test
    void bootstrapWritesPatronisZnodes(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        try (CuratorFramework zk = CuratorFrameworkFactory.newClient(cluster.zookeeper().connectString(),
                new RetryOneTime(100))) {
            zk.start();
            String base = "/service/zk/";
            Stat leaderStat = new Stat();
            String holder = new String(zk.getData().storingStatIn(leaderStat).forPath(base + "leader"),
                    StandardCharsets.UTF_8);
            assertThat(holder).isEqualTo(leader.name());
            Stat member = zk.checkExists().forPath(base + "members/" + leader.name());
            assertThat(leaderStat.getEphemeralOwner()).as("the leader znode lives in its member's session")
                    .isNotZero().isEqualTo(member.getEphemeralOwner());
            for (JPatroniNode n : cluster.nodes()) {
                String json = new String(zk.getData().forPath(base + "members/" + n.name()), StandardCharsets.UTF_8);
                assertThat(json).startsWith("{\"conn_url\":\"postgres://127.0.0.1:" + n.config().pgPort());
                assertThat(zk.checkExists().forPath(base + "members/" + n.name()).getEphemeralOwner()).isNotZero();
            }
            for (String key : List.of("config", "initialize", "status")) {
                assertThat(zk.checkExists().forPath(base + key).getEphemeralOwner()).as(key).isZero();
            }
            assertThat(new String(zk.getData().forPath(base + "initialize"), StandardCharsets.UTF_8))
                    .matches("\\d{19}");
            assertThat(new String(zk.getData().forPath(base + "config"), StandardCharsets.UTF_8))
                    .startsWith("{\"ttl\":" + TIMINGS.ttl() + ",\"loop_wait\":" + TIMINGS.loopWait());
        }
    }

    @Test
    void killNineOfTheLeaderFailsOverAndTheOldLeaderRejoins(JPatroniCluster cluster) {
        JPatroniNode oldLeader = cluster.leader().orElseThrow();
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 50);
             RoutingProbe routing = RoutingProbe.start(cluster.haproxy())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            long killedAt = System.nanoTime();
            oldLeader.killHard();

            JPatroniNode newLeader = awaitNewLeader(cluster, oldLeader,
                    Duration.ofSeconds(TIMINGS.ttl() + TIMINGS.loopWait() + 20));
            double lockedAfter = seconds(killedAt);
            int oldPort = oldLeader.config().pgPort();
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.secondsToFirstWriteAfter(killedAt, oldPort) > 0);
            double writesAfter = writer.secondsToFirstWriteAfter(killedAt, oldPort);
            writer.close();
            List<Long> lost = writer.lostWrites(cluster.haproxy().writeUrl());
            System.out.printf("ZooKeeper kill -9: %s primary after %.2f s, first write through HAProxy after %.2f s,"
                    + " lost %s, routing violations %d/%d probes%n", newLeader.name(), lockedAfter, writesAfter,
                    lost, routing.writesRoutedToReplica(), routing.probes());

            assertThat(lockedAfter).as("new primary within ttl + loop_wait (+ HTTP check slack)")
                    .isLessThan(TIMINGS.ttl() + TIMINGS.loopWait() + 2);
            long lastSecond = killedAt - 1_000_000_000L;
            assertThat(writer.acks().stream().filter(a -> a.nanos() < lastSecond).map(Writer.Ack::id)
                    .filter(lost::contains)).as("writes acknowledged more than 1 s before the kill, lost").isEmpty();
            assertThat(routing.writesRoutedToReplica()).as("write connections answered by a replica").isZero();

            oldLeader.start();
            cluster.awaitHealthy(Duration.ofSeconds(90));
            assertThat(oldLeader.status("/replica")).isEqualTo(200);
        }
    }

    @Test
    void sigtermOfTheLeaderHandsOverWithinSeconds(JPatroniCluster cluster) {
        JPatroniNode oldLeader = cluster.leader().orElseThrow();
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 50)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            long stoppedAt = System.nanoTime();
            int exit = oldLeader.stop(Duration.ofSeconds(30));
            JPatroniNode newLeader = awaitNewLeader(cluster, oldLeader, Duration.ofSeconds(15));
            double primaryAfter = seconds(stoppedAt);
            int oldPort = oldLeader.config().pgPort();
            await().atMost(Duration.ofSeconds(15)).until(() -> writer.secondsToFirstWriteAfter(stoppedAt, oldPort) > 0);
            double writesAfter = writer.secondsToFirstWriteAfter(stoppedAt, oldPort);
            writer.close();
            List<Long> lost = writer.lostWrites(cluster.haproxy().writeUrl());
            System.out.printf("ZooKeeper SIGTERM: exit %d, %s answers /primary 200 after %.2f s, first write through"
                    + " HAProxy after %.2f s, lost %s%n", exit, newLeader.name(), primaryAfter, writesAfter, lost);

            assertThat(exit).isZero();
            assertThat(writesAfter).isLessThan(5.0);
            assertThat(lost).as("a clean stop loses nothing").isEmpty();
        }
    }

    @Test
    void switchoverWithJpatronictl(JPatroniCluster cluster) {
        JPatroniNode oldLeader = cluster.leader().orElseThrow();
        JPatroniNode candidate = cluster.replicas().get(0);
        Processes.Result r = Jpatronictl.run(oldLeader.config().configFile(), "switchover", "--candidate",
                candidate.name(), "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Successfully switched over to \"" + candidate.name() + "\"");   // patronictl's
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.leader().filter(l -> l == candidate).isPresent());
        cluster.awaitHealthy(Duration.ofSeconds(60));
        Processes.Result list = Jpatronictl.run(oldLeader.config().configFile(), "list");
        assertThat(list.output()).containsPattern("\\| " + candidate.name() + " +\\| [^|]+\\| Leader +\\| running");
    }

    /**
     * The leader's connection to ZooKeeper goes silent (a partition): its next cycle cannot reach ZooKeeper and it
     * demotes, within loop_wait + retry_timeout; its session, and with it the leader znode, lives on until ZooKeeper
     * has heard nothing for ttl; only then can a replica take the lock and be promoted. At no moment do two nodes
     * answer /primary 200.
     */
    @Test
    void aLeaderCutFromZooKeeperDemotesBeforeItsSessionExpiresAndAnotherIsPromoted(JPatroniCluster cluster) {
        JPatroniNode oldLeader = cluster.leader().orElseThrow();
        TcpProxy connection = cluster.dcsProxy(oldLeader);
        int cut = oldLeader.logMark();
        try (PrimaryWatch watch = PrimaryWatch.start(cluster.nodes().stream().map(JPatroniNode::config).toList())) {
            long cutAt = System.nanoTime();
            connection.blackhole();
            await().atMost(Duration.ofSeconds(TIMINGS.loopWait() + TIMINGS.retryTimeout() + 10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> oldLeader.status("/primary") != 200);
            double demotedAfter = seconds(cutAt);
            JPatroniNode newLeader = awaitNewLeader(cluster, oldLeader, Duration.ofSeconds(TIMINGS.ttl() + 30));
            double promotedAfter = seconds(cutAt);
            System.out.printf("ZooKeeper session expiry: leader %s cut at 0 s stopped answering /primary 200 after"
                    + " %.2f s, %s answered it after %.2f s (ttl %d s, loop_wait %d s, retry_timeout %d s),"
                    + " %d samples with two primaries of %d%n", oldLeader.name(), demotedAfter, newLeader.name(),
                    promotedAfter, TIMINGS.ttl(), TIMINGS.loopWait(), TIMINGS.retryTimeout(), watch.splitBrains().size(),
                    watch.samples());

            assertThat(watch.splitBrains()).as("samples where two nodes answered /primary 200").isEmpty();
            assertThat(demotedAfter).isLessThan(TIMINGS.loopWait() + TIMINGS.retryTimeout() + 2.0);
            assertThat(promotedAfter).as("the lock is free only once the session has expired")
                    .isGreaterThan(TIMINGS.ttl() - TIMINGS.loopWait() - 1.0);
            assertThat(oldLeader.logSince(cut)).containsAnyOf("demoted self because DCS is not accessible and I was a"
                    + " leader", "demoted self because failed to update leader lock in DCS");

            connection.restore();
            cluster.awaitHealthy(Duration.ofSeconds(90));
            assertThat(oldLeader.status("/replica")).as("the old leader follows with a new session").isEqualTo(200);
        }
    }

    private static JPatroniNode awaitNewLeader(JPatroniCluster cluster, JPatroniNode old, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.leader().filter(l -> l != old).isPresent());
        return cluster.leader().orElseThrow();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
