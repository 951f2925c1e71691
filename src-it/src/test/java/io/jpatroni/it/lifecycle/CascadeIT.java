package io.jpatroni.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cascading replicas on real PostgreSQL 15 and etcd: {@code replicatefrom} (checked in the named member's
 * {@code pg_stat_replication}; the member fed keeps the slot, the leader none; back to the leader while that member is
 * down, and back to it when it returns), {@code clonefrom} (a new node clones from that replica), {@code nostream}
 * (rows arrive through the archive only) and {@code member_slots_ttl} (a departed member's slot kept that long, then
 * dropped). Each method starts its own one-node cluster and adds its nodes: the extension's health check wants every
 * replica streaming from the leader, which cascading replicas do not.
 */
class CascadeIT {
    private static final Duration START = Duration.ofSeconds(120);

    @RegisterExtension
    final ClusterExtension<JPatroniCluster> cluster = ClusterExtension.of(() -> JPatroniCluster.start("cascade", 1,
            cfg -> yaml(cfg, "")));

    /** The node's YAML with {@code dcs} added to bootstrap.dcs, and WAL archived to the cluster's archive dir. */
    private static String yaml(NodeConfig cfg, String dcs) {
        Path archive = cfg.dir().getParent().resolve("archive");
        return cfg.yaml().replace("bootstrap:\n  dcs:\n", "bootstrap:\n  dcs:\n" + dcs)
                .replace("        fsync: \"off\"\n", "        fsync: \"off\"\n        archive_mode: \"on\"\n"
                        + "        archive_command: mkdir -p " + archive + " && cp %p " + archive + "/%f\n");
    }

    private static JPatroniNode add(JPatroniCluster c, String name, Function<String, String> edit) {
        NodeConfig cfg = c.newNodeConfig(name);
        JPatroniNode n = c.add(new JPatroniNode(cfg, edit.apply(yaml(cfg, "")))).start();
        await().atMost(START).failFast(() -> !n.isAlive()).alias(name + " runs as a replica")
                .until(() -> n.status("/replica") == 200);
        return n;
    }

    /** {@code yaml} with {@code tag} ("name: value") instead of the default value NodeConfig gives that tag. */
    private static String tag(String yaml, String tag) {
        String name = tag.substring(0, tag.indexOf(':'));
        return yaml.replaceAll("(?m)^  " + name + ": .*\n", "").replace("tags:\n", "tags:\n  " + tag + "\n");
    }

    /** The application names streaming from {@code n}, sorted. */
    private static String streaming(JPatroniNode n) throws java.sql.SQLException {
        String s = n.queryOne("SELECT string_agg(application_name, ',' ORDER BY application_name)"
                + " FROM pg_stat_replication WHERE state = 'streaming'");
        return s == null ? "" : s;
    }

    private static String slots(JPatroniNode n) throws java.sql.SQLException {
        String s = n.queryOne("SELECT string_agg(slot_name, ',' ORDER BY slot_name) FROM pg_replication_slots");
        return s == null ? "" : s;
    }

    private static void awaitRows(JPatroniNode n, String expected) {
        await().atMost(Duration.ofSeconds(60)).alias(n.name() + " has replayed " + expected).untilAsserted(() ->
                assertThat(n.queryOne("SELECT string_agg(v, ',' ORDER BY v) FROM t")).isEqualTo(expected));
    }

    @Test
    void replicateFromStreamsFromTheNamedMemberFallsBackWhileItIsDownAndReturns(JPatroniCluster c) throws Exception {
        JPatroniNode leader = c.node("node1");
        leader.execute("CREATE TABLE t(v text)", "INSERT INTO t VALUES ('a')");
        JPatroniNode upstream = add(c, "node2", y -> tag(y, "clonefrom: true"));
        JPatroniNode cascade = add(c, "node3", y -> tag(y, "replicatefrom: node2"));

        await().atMost(Duration.ofSeconds(30)).alias("node3 streams from node2, not from node1").untilAsserted(() -> {
            assertThat(streaming(upstream)).isEqualTo("node3");
            assertThat(streaming(leader)).isEqualTo("node2");
        });
        await().atMost(Duration.ofSeconds(15)).alias("node2 keeps node3's slot, node1 does not").untilAsserted(() -> {
            assertThat(slots(upstream)).isEqualTo("node3");
            assertThat(slots(leader)).isEqualTo("node2");
        });
        leader.execute("INSERT INTO t VALUES ('b')");
        awaitRows(cascade, "a,b");

        // node2 stops: node3 falls back to the leader, which keeps its slot now
        upstream.stop(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).alias("node3 streams from node1 while node2 is down")
                .untilAsserted(() -> {
                    assertThat(streaming(leader)).isEqualTo("node3");
                    assertThat(slots(leader)).contains("node3");
                });
        leader.execute("INSERT INTO t VALUES ('c')");
        awaitRows(cascade, "a,b,c");

        // node2 is back: node3 returns to it, the leader drops node3's slot
        upstream.start();
        await().atMost(START).failFast(() -> !upstream.isAlive()).until(() -> upstream.status("/replica") == 200);
        await().atMost(Duration.ofSeconds(30)).alias("node3 streams from node2 again").untilAsserted(() -> {
            assertThat(streaming(upstream)).isEqualTo("node3");
            assertThat(streaming(leader)).isEqualTo("node2");
            assertThat(slots(leader)).isEqualTo("node2");
        });
        leader.execute("INSERT INTO t VALUES ('d')");
        awaitRows(cascade, "a,b,c,d");
        assertThat(Files.readString(cascade.log()))
                .contains("no action. I am (node3), a secondary, and following a leader (node1)");

        // clonefrom: a new node clones from node2 (a running replica tagged clonefrom), then streams from the leader
        JPatroniNode clone = add(c, "node4", y -> y);
        assertThat(Files.readString(clone.log())).contains("trying to bootstrap from replica 'node2'");
        awaitRows(clone, "a,b,c,d");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(streaming(leader)).isEqualTo("node2,node4"));
    }

    @Test
    @Tag("extended")
    void aNostreamReplicaGetsItsRowsThroughTheArchiveOnlyAndNoSlot(JPatroniCluster c) throws Exception {
        JPatroniNode leader = c.node("node1");
        leader.execute("CREATE TABLE t(v text)", "INSERT INTO t VALUES ('a')");
        Path archive = c.dir().resolve("archive");
        JPatroniNode archived = add(c, "node2", y -> tag(y, "nostream: true").replace("postgresql:\n  listen:",
                "postgresql:\n  recovery_conf:\n    restore_command: cp " + archive + "/%f %p\n  listen:"));

        // cloned from the leader, it stops streaming at once: nothing streams, no slot, no primary_conninfo
        await().atMost(Duration.ofSeconds(30)).alias("node2 streams from nobody").untilAsserted(() -> {
            assertThat(streaming(leader)).isEmpty();
            assertThat(archived.queryOne("SELECT count(*)::text FROM pg_stat_wal_receiver")).isEqualTo("0");
            assertThat(slots(leader)).isEmpty();
            assertThat(archived.queryOne("SELECT current_setting('primary_conninfo')")).isEmpty();
        });
        leader.execute("INSERT INTO t VALUES ('b')");
        leader.queryOne("SELECT pg_switch_wal()::text");
        awaitRows(archived, "a,b");
        assertThat(streaming(leader)).isEmpty();
    }

    @Test
    @Tag("extended")
    void aDepartedMembersSlotIsKeptForMemberSlotsTtlThenDropped(JPatroniCluster c) throws Exception {
        JPatroniNode leader = c.node("node1");
        editConfig(c, "member_slots_ttl=20");
        JPatroniNode replica = add(c, "node2", y -> y);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(slots(leader)).isEqualTo("node2"));

        replica.stop(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).alias("node2's member key is gone").until(() ->
                c.etcd().etcdctl("get", "/service/cascade/members/node2", "--print-value-only").isBlank());
        long gone = System.nanoTime();
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(14)).alias("the slot is kept meanwhile")
                .untilAsserted(() -> assertThat(slots(leader)).isEqualTo("node2"));
        await().atMost(Duration.ofSeconds(20)).alias("the slot is dropped once member_slots_ttl is over")
                .untilAsserted(() -> assertThat(slots(leader)).isEmpty());
        long keptSeconds = (System.nanoTime() - gone) / 1_000_000_000L;
        assertThat(keptSeconds).as("seconds the slot outlived the member key").isBetween(15L, 24L);
    }

    private static void editConfig(JPatroniCluster c, String setting) {
        io.jpatroni.it.support.Processes.Result r = io.jpatroni.it.support.Jpatronictl.run(
                c.node("node1").config().configFile(), "edit-config", "--set", setting, "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
