package io.jpatroni.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import io.jpatroni.it.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code postgresql.callbacks}: one script per node appends its arguments to a file. The same scenario (bootstrap,
 * switchover, kill -9 failover and the old leader's return, restart, reload) runs on a jpatroni cluster and on a
 * Patroni 3.0.2 cluster; each step's new lines of the first leader (A) and of the other node (B) must be the same.
 * The file sits beside the data directory, not in it: pg_basebackup would copy the leader's into the replica.
 */
class CallbacksIT {
    private static final Duration STEP = Duration.ofSeconds(90);
    private static final Duration QUIET = Duration.ofSeconds(3);

    /** What a scenario needs of a cluster, for both kinds. */
    private interface Nodes {
        List<NodeConfig> configs();

        String awaitLeader();

        void killHard(String name);

        void start(String name);

        void awaitHealthy();
    }

    static String yaml(NodeConfig cfg) {
        Path script = cfg.dir().resolve("callback.sh");
        try {
            Files.createDirectories(cfg.dir());
            Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + cfg.dir().resolve("callbacks.log") + "\n");
            script.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder cb = new StringBuilder("\npostgresql:\n  callbacks:\n");
        for (String a : List.of("on_start", "on_stop", "on_restart", "on_reload", "on_role_change")) {
            cb.append("    ").append(a).append(": ").append(script).append('\n');
        }
        String y = cfg.yaml();
        assertThat(y).containsOnlyOnce("\npostgresql:\n  listen:");
        return y.replace("\npostgresql:\n  listen:", cb + "  listen:");
    }

    private static List<String> lines(NodeConfig n) {
        try {
            Path f = n.dir().resolve("callbacks.log");
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the scenario; per step, the new lines of A (the bootstrap leader) and B, as "A: ..." / "B: ...". */
    private static Map<String, List<String>> scenario(Nodes c, Path ctlConfig, String scope) {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        c.awaitHealthy();
        String a = c.awaitLeader();
        NodeConfig na = c.configs().stream().filter(n -> n.name().equals(a)).findFirst().orElseThrow();
        NodeConfig nb = c.configs().stream().filter(n -> !n.name().equals(a)).findFirst().orElseThrow();
        int[] seen = {0, 0};
        Runnable settle = () -> settle(na, nb);
        java.util.function.Function<String, List<String>> record = step -> {
            List<String> la = lines(na);
            List<String> lb = lines(nb);
            List<String> out = new ArrayList<>();
            la.subList(seen[0], la.size()).forEach(l -> out.add("A: " + l));
            lb.subList(seen[1], lb.size()).forEach(l -> out.add("B: " + l));
            seen[0] = la.size();
            seen[1] = lb.size();
            steps.put(step, out);
            return out;
        };
        awaitLine(na, l -> l.startsWith("on_start"));
        awaitLine(nb, l -> l.startsWith("on_start"));
        settle.run();
        record.apply("bootstrap");

        Processes.Result r = Jpatronictl.patronictl(ctlConfig, "switchover", scope, "--candidate", nb.name(),
                "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
        awaitLine(nb, l -> l.startsWith("on_role_change"));
        awaitLine(na, l -> l.startsWith("on_role_change"));
        c.awaitHealthy();
        settle.run();
        record.apply("switchover");

        int before = lines(na).size();
        c.killHard(nb.name());
        await().atMost(STEP).until(() -> lines(na).subList(before, lines(na).size()).stream()
                .anyMatch(l -> l.startsWith("on_role_change master")));
        settle.run();
        record.apply("failover");
        int beforeB = lines(nb).size();
        c.start(nb.name());
        await().atMost(STEP).until(() -> lines(nb).size() > beforeB);
        c.awaitHealthy();
        settle.run();
        record.apply("rejoin");

        int beforeRestart = lines(na).size();
        r = Jpatronictl.patronictl(ctlConfig, "restart", scope, na.name(), "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
        await().atMost(STEP).until(() -> lines(na).size() > beforeRestart);
        settle.run();
        record.apply("restart");

        int ra = lines(na).size();
        int rb = lines(nb).size();
        r = Jpatronictl.patronictl(ctlConfig, "reload", scope, "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
        await().atMost(STEP).until(() -> lines(na).size() > ra && lines(nb).size() > rb);
        settle.run();
        record.apply("reload");
        return steps;
    }

    /** Waits until neither file has grown for {@link #QUIET}. */
    private static void settle(NodeConfig... nodes) {
        java.util.function.Supplier<List<Integer>> sizes = () -> java.util.Arrays.stream(nodes)
                .map(n -> lines(n).size()).toList();
        await().atMost(STEP).until(() -> {
            List<Integer> at = sizes.get();
            try {
                await().during(QUIET).atMost(QUIET.plusSeconds(1)).pollInterval(Duration.ofMillis(250))
                        .until(() -> sizes.get().equals(at));
                return true;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                return false;
            }
        });
    }

    private static void awaitLine(NodeConfig n, Predicate<String> p) {
        int from = 0;
        await().atMost(STEP).pollInterval(Duration.ofMillis(250))
                .until(() -> lines(n).stream().skip(from).anyMatch(p));
    }

    @Test
    void jpatroniCallsTheCallbacksPatroniCallsInTheSameOrder() throws Exception {
        Map<String, List<String>> patroni;
        PatroniCluster pc = PatroniCluster.start("cbp", 2, CallbacksIT::yaml);
        try {
            patroni = scenario(new Nodes() {
                public List<NodeConfig> configs() {
                    return pc.nodes();
                }

                public String awaitLeader() {
                    return pc.awaitHealthy(STEP).name();
                }

                public void killHard(String name) {
                    pc.killHard(name);
                }

                public void start(String name) {
                    pc.start(name);
                }

                public void awaitHealthy() {
                    pc.awaitHealthy(STEP);
                }
            }, pc.nodes().get(0).configFile(), "cbp");
        } catch (RuntimeException | AssertionError e) {
            System.out.println(pc.logs(120) + "\nkept: " + pc.dir());
            pc.close();
            throw e;
        }
        pc.close();
        pc.deleteFiles();
        Map<String, List<String>> jpatroni;
        JPatroniCluster jc = JPatroniCluster.start("cbp", 2, CallbacksIT::yaml);
        try {
            jpatroni = scenario(new Nodes() {
                public List<NodeConfig> configs() {
                    return jc.nodes().stream().map(n -> n.config()).toList();
                }

                public String awaitLeader() {
                    return jc.awaitHealthy(STEP).name();
                }

                public void killHard(String name) {
                    jc.node(name).killHard();
                }

                public void start(String name) {
                    jc.node(name).start();
                }

                public void awaitHealthy() {
                    jc.awaitHealthy(STEP);
                }
            }, jc.nodes().get(0).config().configFile(), "cbp");
        } catch (RuntimeException | AssertionError e) {
            System.out.println(jc.logs(120) + "\nkept: " + jc.dir());
            jc.close();
            throw e;
        }
        jc.close();
        jc.deleteFiles();
        System.out.println("Patroni 3.0.2: " + patroni);
        System.out.println("jpatroni:      " + jpatroni);
        assertThat(jpatroni).isEqualTo(patroni);
    }
}
