package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.MixedCluster;
import io.jpatroni.it.support.MixedCluster.Impl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Patronictl;
import io.jpatroni.it.support.PrimaryWatch;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Writer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Patroni user adopting jpatroni: a running 3-node Patroni 3.0.2 cluster has its nodes replaced one at a time by
 * jpatroni (same YAML, same data directory, same etcd keys; SIGTERM to one agent, start the other), then replaced back
 * by Patroni one at a time, while an application writes through HAProxy every 50 ms.
 *
 * <p>In each mixed state (one or two jpatroni nodes) both ctls list the cluster and print its history, identically.
 * On the way there, in each mixed state, switchover and failover each go from the leader's implementation to the
 * other and back, each of real patronictl and jpatronictl driving one switchover and one failover. On the way back,
 * each mixed state gets a switchover by one ctl and a failover by the other. The last node of each direction is the
 * leader: it is simply stopped (SIGTERM), and the nodes of the other implementation race for the lock, with
 * {@code check_timeline} on. After every replacement and leader change: one {@code /primary} (the named candidate),
 * the two others stream from it, every node serves the same {@code /history} (ending in the new leader), the
 * {@code status} key's optime is past the new timeline's start, and the replication slots are Patroni's (one per
 * other member on the leader, named as Patroni names them, none left on replicas).
 *
 * <p>What the test allows: no acknowledged write lost and no moment at which two nodes answer {@code /primary} 200
 * (sampled every 50 ms on all nodes). Every leader change is a controlled one: a switchover, a failover to a named
 * candidate while the leader runs, or the leader's clean stop; in each the old primary stops with a fast shutdown,
 * which waits until its streaming replicas have received all its WAL. Writes routed by HAProxy to a node that has
 * just become a replica fail and are not acknowledged; they are not counted.
 *
 * <p>The first member name is a 65-character host name: Patroni truncates its slot name to 63 characters.
 */
class RollingMigrationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of(
            "node1.rolling-migration.eu-central-1.compute.internal.example.org", "node-2", "node.3");
    private static final String SCOPE = "rolling";

    @RegisterExtension
    static final ClusterExtension<MixedCluster> CLUSTER =
            ClusterExtension.of(() -> MixedCluster.startPatroni(SCOPE, NAMES).withHaProxy()).withLogLines(150);

    /** The test's cluster and application writer, for the steps below. */
    private MixedCluster cluster;
    private Writer writer;
    private final List<String> figures = new ArrayList<>();
    private int mixedStates;
    /** Member name to the slot name the installed Patroni gives it. */
    private final Map<String, String> patroniSlotNames = new TreeMap<>();

    private enum Ctl {
        PATRONICTL("patronictl", Jpatronictl::patronictl),
        JPATRONICTL("jpatronictl", Jpatronictl::run);

        final String label;
        final BiFunction<Path, String[], Processes.Result> runner;

        Ctl(String label, BiFunction<Path, String[], Processes.Result> runner) {
            this.label = label;
            this.runner = runner;
        }

        Processes.Result run(NodeConfig config, String... args) {
            return runner.apply(config.configFile(), args);
        }

        Ctl other() {
            return this == PATRONICTL ? JPATRONICTL : PATRONICTL;
        }
    }

    @Test
    void patroniClusterMovesToJpatroniAndBackOneNodeAtATime(MixedCluster mixed) {
        assumeTrue(Patronictl.available(), "patronictl is not installed");
        cluster = mixed;
        // replicas publish their timeline and the leader race compares it with the cluster's
        assertThat(ok(Ctl.PATRONICTL.run(cluster.leader().orElseThrow(), "edit-config", "--force", "-s",
                "check_timeline=true"))).contains("+check_timeline: true");
        try (PrimaryWatch watch = PrimaryWatch.start(cluster.nodes());
             Writer w = Writer.start(cluster.haproxy().writeUrl(), 50)) {
            writer = w;
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            checkKeys(false);
            checkCtls();

            replaceOne(Impl.PATRONI, Impl.JPATRONI);   // one jpatroni node
            mixedState(true);
            replaceOne(Impl.PATRONI, Impl.JPATRONI);   // two
            mixedState(true);
            replaceOne(Impl.PATRONI, Impl.JPATRONI);   // three: the Patroni leader stops, jpatroni nodes race

            replaceOne(Impl.JPATRONI, Impl.PATRONI);   // back to two jpatroni nodes
            mixedState(false);
            replaceOne(Impl.JPATRONI, Impl.PATRONI);   // one
            mixedState(false);
            replaceOne(Impl.JPATRONI, Impl.PATRONI);   // none: the jpatroni leader stops, Patroni nodes race

            writer.close();
            assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).as("acknowledged writes lost").isEmpty();
            assertThat(watch.splitBrains()).as("samples with more than one /primary 200").isEmpty();
            figures.add(String.format("rolling migration: %d writes acknowledged, longest write gap %.2f s, "
                            + "%d /primary samples on all nodes, none with two primaries",
                    writer.acks().size(), writer.longestGapSeconds(), watch.samples()));
        } finally {
            figures.forEach(System.out::println);
        }
    }

    /**
     * Stops a replica running {@code from} and starts {@code to} on its YAML and data. When only the leader still
     * runs {@code from}, the leader is the one stopped, as an operator's {@code systemctl stop} would: it stops
     * PostgreSQL after its replicas received all its WAL, releases the lock, and the others race for it.
     */
    private void replaceOne(Impl from, Impl to) {
        NodeConfig leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        NodeConfig node = cluster.running(from).stream().filter(n -> n != leader).findFirst().orElse(leader);
        String step = String.format("[%s] %s %s%s -> %s", cluster.shape(), node.name(), from,
                node == leader ? " (the leader)" : "", to);
        long started = System.nanoTime();
        assertThat(cluster.stop(node)).as(from + "'s exit code after SIGTERM on " + node.name()).isZero();
        String newLeader = "same leader";
        if (node == leader) {
            NodeConfig elected = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.leader().orElse(null), l -> l != null && l != leader);
            newLeader = String.format("new leader %s(%s) after %.2f s", elected.name(),
                    cluster.impl(elected).orElseThrow().letter(), (System.nanoTime() - started) / 1e9);
        }
        cluster.start(node, to);
        NodeConfig after = cluster.awaitHealthy(Duration.ofSeconds(90));
        if (node != leader) {
            assertThat(after.name()).as("the leader while a replica is replaced").isEqualTo(leader.name());
        }
        figures.add(String.format("%s: %s, all streaming after %.1f s, longest write gap %.2f s", step, newLeader,
                (System.nanoTime() - started) / 1e9, longestGapSince(started)));
        checkKeys(node == leader);
        checkCtls();
        assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).as("acknowledged writes lost").isEmpty();
    }

    /**
     * A mixed state, driven by both ctls (each has just listed it): on the way there, switchover and failover from
     * the leader's implementation to the other and back, two steps per ctl; on the way back, a switchover away by
     * one ctl and a failover home by the other. The ctl that starts alternates between mixed states.
     */
    private void mixedState(boolean bothWaysEachVerb) {
        Ctl first = mixedStates++ % 2 == 0 ? Ctl.PATRONICTL : Ctl.JPATRONICTL;
        NodeConfig leader = cluster.leader().orElseThrow();
        Impl home = cluster.impl(leader).orElseThrow();
        Impl away = home == Impl.PATRONI ? Impl.JPATRONI : Impl.PATRONI;
        leaderChange(first, "switchover", aReplica(away));
        if (bothWaysEachVerb) {
            leaderChange(first.other(), "switchover", aReplica(home));
            leaderChange(first.other(), "failover", aReplica(away));
            leaderChange(first, "failover", aReplica(home));
        } else {
            leaderChange(first.other(), "failover", aReplica(home));
        }
        assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).as("acknowledged writes lost").isEmpty();
    }

    private NodeConfig aReplica(Impl impl) {
        NodeConfig leader = cluster.leader().orElseThrow();
        return cluster.running(impl).stream().filter(n -> n != leader).findFirst().orElseThrow();
    }

    /** {@code ctl switchover|failover --candidate target} while the leader runs; checks what everyone reads after. */
    private void leaderChange(Ctl ctl, String verb, NodeConfig target) {
        NodeConfig old = cluster.awaitHealthy(Duration.ofSeconds(60));
        String shape = cluster.shape();
        String step = String.format("[%s] %s %s %s(%s) -> %s(%s)", shape, ctl.label, verb, old.name(),
                cluster.impl(old).orElseThrow().letter(), target.name(), cluster.impl(target).orElseThrow().letter());
        List<String> args = new ArrayList<>(List.of(verb, "--force"));
        if (verb.equals("switchover")) {
            args.addAll(List.of("--leader", old.name()));
        }
        args.addAll(List.of("--candidate", target.name()));
        long started = System.nanoTime();
        Processes.Result r = ctl.run(old, args.toArray(String[]::new));
        double wall = (System.nanoTime() - started) / 1e9;
        assertThat(r.exitCode()).as(step + ": " + r.output()).isZero();
        String done = verb.equals("switchover") ? "Successfully switched over to" : "Successfully failed over to";
        assertThat(r.output()).as(step).contains(done + " \"" + target.name() + "\"");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.leader().filter(l -> l == target).isPresent());
        double primaryAfter = (System.nanoTime() - started) / 1e9;
        cluster.awaitHealthy(Duration.ofSeconds(60));
        double healthyAfter = (System.nanoTime() - started) / 1e9;
        figures.add(String.format("%s: command %.2f s, new primary after %.2f s, all streaming after %.2f s, "
                + "longest write gap %.2f s", step, wall, primaryAfter, healthyAfter, longestGapSince(started)));
        checkKeys(true);
    }

    /** The longest time without an acknowledged write from the last one before {@code sinceNanos} until now. */
    private double longestGapSince(long sinceNanos) {
        List<Writer.Ack> all = writer.acks();
        int from = 0;
        while (from + 1 < all.size() && all.get(from + 1).nanos() < sinceNanos) {
            from++;
        }
        double worst = 0;
        for (int i = from + 1; i < all.size(); i++) {
            worst = Math.max(worst, (all.get(i).nanos() - all.get(i - 1).nanos()) / 1e9);
        }
        return worst;
    }

    /** Both ctls print the same list (modulo lag: it moves between two calls) and the same history. */
    private void checkCtls() {
        NodeConfig leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        NodeConfig any = cluster.nodes().get(0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String py = Jpatronictl.withoutLag(ok(Ctl.PATRONICTL.run(any, "list")));
            String jp = Jpatronictl.withoutLag(ok(Ctl.JPATRONICTL.run(any, "list")));
            assertThat(jp).as("jpatronictl list vs patronictl list").isEqualTo(py);
            assertThat(py).containsPattern("\\| " + Pattern.quote(leader.name()) + " +\\| [^|]+\\| Leader ");
            assertThat(py.lines().filter(l -> l.contains("| Replica ") && l.contains("| running ")).count())
                    .as("running replicas in\n" + py).isEqualTo(2);
            String pyHistory = ok(Ctl.PATRONICTL.run(any, "history"));
            assertThat(ok(Ctl.JPATRONICTL.run(any, "history"))).as("jpatronictl history").isEqualTo(pyHistory);
        });
    }

    /**
     * The {@code history}, {@code status} and slots as both implementations read and write them: every node serves
     * the same {@code /history} (ending in the new leader after a leader change), the {@code status} optime is past
     * that timeline's switch point, Patroni's slot layout.
     */
    private void checkKeys(boolean afterLeaderChange) {
        NodeConfig leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode history = json(MixedCluster.get(leader, "/history").map(HttpResponse::body).orElseThrow());
            for (NodeConfig n : cluster.nodes()) {
                assertThat(json(MixedCluster.get(n, "/history").map(HttpResponse::body).orElseThrow()))
                        .as("/history of " + n.name() + " (" + cluster.impl(n).orElseThrow() + ")")
                        .isEqualTo(history);
            }
            if (afterLeaderChange) {
                JsonNode last = history.get(history.size() - 1);
                assertThat(last.get(4).asText()).as("new leader in the last history line").isEqualTo(leader.name());
                JsonNode status = json(cluster.etcd().etcdctl("get", "/service/" + SCOPE + "/status",
                        "--print-value-only").trim());
                assertThat(status.path("optime").isIntegralNumber()).as("status " + status).isTrue();
                assertThat(status.path("optime").asLong()).as("status optime").isGreaterThan(last.get(1).asLong());
            }
        });
        checkMemberKeys(leader);
        checkSlots(leader);
    }

    /**
     * The member keys of the replicas carry the same fields whichever implementation wrote them, and the
     * leader's says {@code master} (Patroni 3.0.2's word) with the fields of a 3.0.2 leader.
     */
    private void checkMemberKeys(NodeConfig leader) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            List<String> lines = cluster.etcd().etcdctl("get", "--prefix", "/service/" + SCOPE + "/members/")
                    .lines().toList();
            Map<String, JsonNode> members = new TreeMap<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                members.put(lines.get(i).substring(lines.get(i).lastIndexOf('/') + 1), json(lines.get(i + 1)));
            }
            assertThat(members.keySet()).containsExactlyInAnyOrderElementsOf(NAMES);
            Map<String, Set<String>> replicaFields = new TreeMap<>();
            members.forEach((name, m) -> {
                Set<String> fields = new TreeSet<>();
                m.fieldNames().forEachRemaining(fields::add);
                assertThat(m.path("state").asText()).as(name + " " + m).isEqualTo("running");
                if (name.equals(leader.name())) {
                    assertThat(m.path("role").asText()).as(name + " " + m).isEqualTo("master");
                    assertThat(fields).as(name + " " + m).isEqualTo(Set.of("conn_url", "api_url", "state", "role",
                            "version", "xlog_location", "timeline"));
                } else {
                    assertThat(m.path("role").asText()).as(name + " " + m).isEqualTo("replica");
                    replicaFields.put(name + " (" + cluster.impl(cluster.node(name)).orElseThrow() + ")", fields);
                }
            });
            assertThat(new java.util.HashSet<>(replicaFields.values())).as("replica key fields " + replicaFields)
                    .hasSize(1);
        });
    }

    /** Patroni's layout: the leader has one active physical slot per other member, named by Patroni; replicas none. */
    private void checkSlots(NodeConfig leader) {
        Set<String> expected = cluster.nodes().stream().filter(n -> n != leader)
                .map(n -> patroniSlotNames.computeIfAbsent(n.name(), RollingMigrationIT::patroniSlotName))
                .collect(Collectors.toCollection(TreeSet::new));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (NodeConfig n : cluster.nodes()) {
                Map<String, Boolean> slots = physicalSlots(n);
                if (n == leader) {
                    assertThat(slots.keySet()).as("slots on the leader " + n.name()).isEqualTo(expected);
                    assertThat(slots.values()).as("slots on the leader are in use").containsOnly(true);
                } else {
                    assertThat(slots).as("slots left on replica " + n.name() + " ("
                            + cluster.impl(n).orElseThrow() + ")").isEmpty();
                }
            }
        });
    }

    /** The slot name the installed Patroni gives a member (its own function, not a copy of it). */
    private static String patroniSlotName(String member) {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c",
                "import sys; from patroni.dcs import slot_name_from_member_name as s; print(s(sys.argv[1]))", member);
        return Processes.run(pb, Duration.ofSeconds(20)).trim();
    }

    private static Map<String, Boolean> physicalSlots(NodeConfig n) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        p.setProperty("connectTimeout", "2");
        Map<String, Boolean> slots = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + n.pgPort() + "/postgres", p);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT slot_name, active FROM pg_catalog.pg_replication_slots"
                     + " WHERE slot_type = 'physical'")) {
            while (rs.next()) {
                slots.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return slots;
    }

    private static String ok(Processes.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
