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
 * with its fence (the default), jpatroni with {@code watchdog.mode: off} at its test timings and at Patroni's, and
 * Patroni 3.0.2 without a watchdog device. Asserts nothing about the figures (run by scripts/bench, not by the test
 * suite); {@link io.jpatroni.it.fence.FreezeIT} asserts them for jpatroni.
 */
class FreezeBench {
    private final List<String> rows = new ArrayList<>();

    @Test
    void figures() throws Exception {
        try {
            jpatroni("fence on (default)", Timings.JPATRONI, true, NodeConfig::yaml);
            jpatroni("watchdog.mode: off", Timings.JPATRONI, false, cfg -> cfg.yaml() + "watchdog:\n  mode: 'off'\n");
            // Patroni's timings: HAProxy (timeout check 5 s, fall 2) takes the frozen primary out before a ttl of 20
            jpatroni("watchdog.mode: off", Timings.PATRONI, false,
                    cfg -> withTimings(cfg.yaml(), Timings.PATRONI) + "watchdog:\n  mode: 'off'\n");
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

    private void jpatroni(String what, Timings timings, boolean fenced, Function<NodeConfig, String> yamlOf)
            throws Exception {
        JPatroniCluster cluster = JPatroniCluster.withoutNodes("freezebench");
        try (cluster) {
            for (int i = 1; i <= 3; i++) {
                NodeConfig cfg = cluster.newNodeConfig("node" + i);
                cluster.add(new JPatroniNode(cfg, yamlOf.apply(cfg))).start();
            }
            cluster.withHaProxy().restoreHealth(Duration.ofSeconds(120));
            Freeze.Outcome o = Freeze.leaderThroughHaProxy(cluster, Duration.ofSeconds(2L * timings.ttl()), fenced);
            row("jpatroni, " + what + ", ttl " + timings.ttl(), o);
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

    /** The test YAML with {@code timings} in {@code bootstrap.dcs} instead of jpatroni's. */
    private static String withTimings(String yaml, Timings timings) {
        Timings from = Timings.JPATRONI;
        String out = yaml.replace("ttl: " + from.ttl() + "\n", "ttl: " + timings.ttl() + "\n")
                .replace("loop_wait: " + from.loopWait() + "\n", "loop_wait: " + timings.loopWait() + "\n")
                .replace("retry_timeout: " + from.retryTimeout() + "\n",
                        "retry_timeout: " + timings.retryTimeout() + "\n");
        if (!out.contains("ttl: " + timings.ttl() + "\n")) {
            throw new IllegalStateException("NodeConfig's YAML changed; adapt FreezeBench.withTimings:\n" + yaml);
        }
        return out;
    }

    private void row(String what, Freeze.Outcome o) {
        System.out.println("FREEZE " + what + ": " + o.summary());
        rows.add(String.format("| %s | %d of %d | %d |", what, o.lost().size(), o.acknowledged(), o.lateOnOld()));
    }
}
