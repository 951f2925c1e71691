package io.jpatroni.it.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Patroni's fencing scripts in a real cluster: {@code postgresql.before_stop} runs before the leader's PostgreSQL
 * stops for a switchover, {@code postgresql.pre_promote} runs before a promotion and, exiting non-zero, vetoes it:
 * the candidate gives the lock back and the former leader takes over again. Both run with SIGTERM deliverable.
 */
class FencingHooksIT {
    /** etcd only, for each method: the test starts its nodes with the configuration it needs. */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerMethod =
            ClusterExtension.of(() -> JPatroniCluster.withoutNodes("hooks"));

    private static Path script(Path file, String body) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void beforeStopRunsBeforeTheSwitchoverStopAndPrePromoteVetoesThePromotion(JPatroniCluster cluster)
            throws Exception {
        NodeConfig c1 = cluster.newNodeConfig("node1");
        NodeConfig c2 = cluster.newNodeConfig("node2");
        Path out = cluster.dir().resolve("hooks");
        Path beforeStop = script(c1.dir().resolve("before_stop.sh"), """
                pid=$(head -n 1 '%s/postmaster.pid')
                if kill -0 "$pid" 2>/dev/null; then echo "running $pid" >> '%s'; else echo stopped >> '%s'; fi
                """.formatted(c1.dataDir(), out.resolve("before_stop"), out.resolve("before_stop")));
        Path veto = script(c2.dir().resolve("pre_promote.sh"), """
                sed -n 's/^SigBlk:[[:space:]]*//p' /proc/self/status > '%s'
                exit 1
                """.formatted(out.resolve("pre_promote.sigblk")));
        Files.createDirectories(out);
        cluster.add(new JPatroniNode(c1, withHook(c1.yaml(), "before_stop", beforeStop))).start();
        cluster.awaitHealthy(Duration.ofSeconds(90));
        JPatroniNode node2 = cluster.add(new JPatroniNode(c2, withHook(c2.yaml(), "pre_promote", veto))).start();
        JPatroniNode node1 = cluster.awaitHealthy(Duration.ofSeconds(90));
        assertThat(node1.name()).isEqualTo("node1");
        long primary = node1.postmasterPid().orElseThrow();

        Jpatronictl.run(c1.configFile(), "switchover", "--leader", "node1", "--candidate", "node2", "--force");

        // node1 ran before_stop while its PostgreSQL still ran, before the switchover's stop
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out.resolve("before_stop")));
        assertThat(Files.readAllLines(out.resolve("before_stop"))).first().isEqualTo("running " + primary);
        assertThat(node1.logTail(400)).contains("before_stop script `" + beforeStop + "` exited with 0");

        // node2 took the lock, ran pre_promote, which said no: it gave the lock back without promoting
        await().atMost(Duration.ofSeconds(30)).until(() -> node2.logTail(400)
                .contains("Promotion cancelled because the pre-promote script failed"));
        String log2 = node2.logTail(400);
        assertThat(log2).contains("pre_promote script `" + veto + "` exited with 1",
                "Releasing the leader key voluntarily because the pre-promote script failed");
        // (the status line of the cycle that took the lock and started the promotion is Patroni's "promoted self to
        // leader by acquiring session lock", as in Patroni; pg_ctl promote itself never ran)
        assertThat(log2).doesNotContain("promoted; timeline");

        // node1 leads again; node2 follows it
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(leader.name()).isEqualTo("node1");
        assertThat(node2.queryOne("SELECT pg_catalog.pg_is_in_recovery()")).isEqualTo("t");

        // the script could be stopped by a timeout's or a cancel's SIGTERM: nothing of HUP, INT, TERM is blocked in
        // what it runs (read by sed of itself: a dash reading its own /proc/$$/status while it forks sees the full
        // mask it holds for an instant around fork(), which is not what its commands inherit)
        long blocked = Long.parseUnsignedLong(Files.readString(out.resolve("pre_promote.sigblk")).trim(), 16);
        assertThat(blocked & ((1L << 0) | (1L << 1) | (1L << 14))).as("SigBlk %x", blocked).isZero();
    }

    private static String withHook(String yaml, String key, Path script) {
        List<String> lines = yaml.lines().toList();
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line).append('\n');
            if (line.equals("postgresql:")) {
                sb.append("  ").append(key).append(": ").append(script).append('\n');
            }
        }
        return sb.toString();
    }
}
