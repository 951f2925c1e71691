package io.jpatroni.it.bench;

import io.jpatroni.it.support.Freeze;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.MixedCluster;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Timings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The freeze figure of issue #9: 3 members, etcd, HAProxy ({@code inter 1s fall 2 rise 1}), a writer every 50 ms
 * through HAProxy; the leader's daemon frozen with SIGSTOP for 2 x ttl while its PostgreSQL keeps running; how many
 * acknowledged writes are lost, and how many the old primary acknowledged after the new one's promotion. jpatroni
 * with its fence (the default), jpatroni with {@code watchdog.mode: off}, and Patroni 3.0.2 without a watchdog
 * device, each with its own {@link Timings}. Asserts nothing about the figures (run by scripts/bench, not by the
 * test suite); {@link io.jpatroni.it.fence.FreezeIT} asserts them for jpatroni.
 */
class FreezeBench {
    private final List<String> rows = new ArrayList<>();

    @Test
    void figures() throws Exception {
        try {
            jpatroni("fence on (default)", true, NodeConfig::yaml);
            jpatroni("watchdog.mode: off", false, cfg -> cfg.yaml() + "watchdog:\n  mode: 'off'\n");
            patroni();
        } finally {
            System.out.println();
            System.out.println("| leader's daemon frozen (SIGSTOP) for 2 x ttl, writes every 50 ms through HAProxy"
                    + " | acknowledged writes lost | acknowledged by the old primary after the promotion |");
            System.out.println("|---|---|---|");
            rows.forEach(System.out::println);
            System.out.println();
        }
    }

    private void jpatroni(String what, boolean fenced, Function<NodeConfig, String> yamlOf) throws Exception {
        JPatroniCluster cluster = JPatroniCluster.withoutNodes("freezebench");
        try (cluster) {
            for (int i = 1; i <= 3; i++) {
                NodeConfig cfg = cluster.newNodeConfig("node" + i);
                cluster.add(new JPatroniNode(cfg, yamlOf.apply(cfg))).start();
            }
            cluster.withHaProxy().restoreHealth(Duration.ofSeconds(120));
            Freeze.Outcome o = Freeze.leaderThroughHaProxy(cluster, Duration.ofSeconds(2L * Timings.JPATRONI.ttl()),
                    fenced);
            row("jpatroni, " + what + ", ttl " + Timings.JPATRONI.ttl(), o);
        }
        cluster.deleteFiles();
    }

    private void patroni() throws Exception {
        if (!MixedCluster.patroniAvailable()) {
            rows.add("| Patroni 3.0.2 | not installed | |");
            return;
        }
        MixedCluster cluster = MixedCluster.startPatroni("freezebenchp", List.of("node1", "node2", "node3"));
        try (cluster) {
            cluster.withHaProxy().restoreHealth(Duration.ofSeconds(120));
            Freeze.Outcome o = Freeze.leaderThroughHaProxy(cluster, Duration.ofSeconds(2L * Timings.PATRONI.ttl()));
            row("Patroni 3.0.2, no watchdog device, ttl " + Timings.PATRONI.ttl(), o);
        }
        cluster.deleteFiles();
    }

    private void row(String what, Freeze.Outcome o) {
        System.out.println("FREEZE " + what + ": " + o.summary());
        rows.add(String.format("| %s | %d of %d | %d |", what, o.lost().size(), o.acknowledged(), o.lateOnOld()));
    }
}
