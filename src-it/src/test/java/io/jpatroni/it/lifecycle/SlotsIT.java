package io.jpatroni.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Timings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Permanent slots from {@code slots}: a logical slot (test_decoding) usable on the new primary after a switchover and
 * after a kill -9 failover with no change skipped, a permanent physical slot on every node that may become primary;
 * {@code ignore_slots} protects an unmanaged slot, and an unmanaged slot it does not match is dropped exactly when a
 * real Patroni 3.0.2 drops it (not while PostgreSQL keeps running; once the slots are loaded again after a restart).
 */
class SlotsIT {
    private static final Timings TIMINGS = Timings.JPATRONI;
    private static final Pattern INSERTED = Pattern.compile("table public\\.t: INSERT: id\\[integer\\]:(\\d+)");

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("slots", 3, SlotsIT::yaml));

    /** wal_level logical, a logical {@code cdc} and a physical {@code ext_replica} slot, {@code keep_me} ignored. */
    static String yaml(NodeConfig cfg) {
        String y = cfg.yaml();
        assertThat(y).containsOnlyOnce("    maximum_lag_on_failover: 1048576\n").containsOnlyOnce("wal_level: replica");
        return y.replace("wal_level: replica", "wal_level: logical").replace("    maximum_lag_on_failover: 1048576\n",
                """
                    maximum_lag_on_failover: 1048576
                    slots:
                      cdc:
                        type: logical
                        database: postgres
                        plugin: test_decoding
                      ext_replica:
                        type: physical
                    ignore_slots:
                    - name: keep_me
                      type: physical
                """);
    }

    @Test
    void aLogicalSlotSurvivesASwitchoverAndAKillNineFailover(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(60));
        everyNodeHasThePermanentSlots(cluster);
        exec(leader.config().pgPort(), "CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY)");
        consume(leader.config().pgPort()); // whatever an earlier run of this method left

        insert(leader, 1, 20);
        assertThat(consume(leader.config().pgPort())).as("changes before any failover").containsExactlyElementsOf(
                range(1, 20));
        insert(leader, 21, 40);   // not consumed yet: must be there after the switchover
        awaitReplicasCaughtUpAndSlotsAdvanced(cluster, leader);

        cluster.awaitHealthy(Duration.ofSeconds(60));
        JPatroniNode candidate = cluster.replicas().get(0);
        Processes.Result sw = Jpatronictl.run(leader.config().configFile(), "switchover", "--leader", leader.name(),
                "--candidate", candidate.name(), "--force");
        assertThat(sw.output()).contains("Successfully switched over to \"" + candidate.name() + "\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().filter(candidate::equals).isPresent()
                && candidate.status("/primary") == 200);
        List<Integer> afterSwitchover = consume(candidate.config().pgPort());
        System.out.printf("slots: after the switchover to %s, %d changes decoded (%s..)%n", candidate.name(),
                afterSwitchover.size(), afterSwitchover.isEmpty() ? "" : afterSwitchover.get(0));
        assertThat(afterSwitchover).as("changes not consumed before the switchover, none skipped")
                .containsAll(range(21, 40));

        cluster.awaitHealthy(Duration.ofSeconds(60));
        everyNodeHasThePermanentSlots(cluster);
        insert(candidate, 41, 60);   // not consumed: must be there after the kill -9
        awaitReplicasCaughtUpAndSlotsAdvanced(cluster, candidate);
        candidate.killHard();
        JPatroniNode next = awaitLeaderOtherThan(cluster, candidate,
                Duration.ofSeconds(TIMINGS.ttl() + TIMINGS.loopWait() + 20));
        List<Integer> afterFailover = consume(next.config().pgPort());
        System.out.printf("slots: after the kill -9 failover to %s, %d changes decoded%n", next.name(),
                afterFailover.size());
        assertThat(afterFailover).as("changes not consumed before the kill -9, none skipped")
                .containsAll(range(41, 60)).doesNotContainAnyElementsOf(range(1, 20));

        candidate.start();
        cluster.awaitHealthy(Duration.ofSeconds(60));
        everyNodeHasThePermanentSlots(cluster);
    }

    @Test
    void ignoredSlotsSurviveAndAnUnmatchedOneGoesWhenPatroniWouldDropIt(JPatroniCluster cluster) throws Exception {
        JPatroniNode leader = cluster.leader().orElseThrow();
        unmanagedSlotsStayWhileRunningAndTheUnmatchedOneGoesAfterARestart(leader.config().pgPort(),
                () -> restart(leader.config().configFile(), cluster.scope(), leader.name()), TIMINGS.loopWait());
    }

    @Test
    void patroniDropsAnUnmatchedUnmanagedSlotOnlyOnceItLoadsTheSlotsAgain() throws Exception {
        try (PatroniCluster patroni = PatroniCluster.start("slotsref", 1, SlotsIT::yaml)) {
            NodeConfig leader = patroni.awaitHealthy(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> slots(leader.pgPort()).contains("cdc"));
            unmanagedSlotsStayWhileRunningAndTheUnmatchedOneGoesAfterARestart(leader.pgPort(), () -> {
                Processes.Result r = Jpatronictl.patronictl(leader.configFile(), "restart", patroni.scope(),
                        leader.name(), "--force");
                assertThat(r.exitCode()).as(r.output()).isZero();
            }, Timings.PATRONI.loopWait());
        }
    }

    /**
     * Creates the unmanaged physical slots keep_me (matching ignore_slots) and stray on a running primary: both stay
     * for five loop_waits; after {@code restart} (the slots loaded again) stray is dropped and keep_me stays.
     */
    private static void unmanagedSlotsStayWhileRunningAndTheUnmatchedOneGoesAfterARestart(int port, Runnable restart,
                                                                                          int loopWait)
            throws Exception {
        // the slots settled first: right after creating a permanent slot Patroni loads the slots again once
        java.util.concurrent.atomic.AtomicReference<Set<String>> last = new java.util.concurrent.atomic.AtomicReference<>();
        await().during(Duration.ofSeconds(3L * loopWait)).atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> slots(port).equals(last.getAndSet(slots(port))));
        exec(port, "SELECT pg_catalog.pg_create_physical_replication_slot(n) FROM unnest(ARRAY['keep_me', 'stray'])"
                + " n WHERE n NOT IN (SELECT slot_name FROM pg_catalog.pg_replication_slots)");
        try {
            await().during(Duration.ofSeconds(5L * loopWait)).atMost(Duration.ofSeconds(30))
                    .until(() -> unmanaged(port).equals("keep_me,stray"));
            restart.run();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> unmanaged(port).equals("keep_me"));
            await().during(Duration.ofSeconds(3L * loopWait)).atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> unmanaged(port).equals("keep_me"));
        } finally {
            exec(port, "SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots"
                    + " WHERE slot_name IN ('keep_me', 'stray')");
        }
    }

    private static String unmanaged(int port) throws SQLException {
        return String.join(",", query(port, "SELECT slot_name FROM pg_catalog.pg_replication_slots"
                + " WHERE slot_name IN ('keep_me', 'stray') ORDER BY 1"));
    }

    private static void restart(java.nio.file.Path config, String scope, String member) {
        Processes.Result r = Jpatronictl.run(config, "restart", scope, member, "--force");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static void everyNodeHasThePermanentSlots(JPatroniCluster cluster) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            for (JPatroniNode n : cluster.nodes()) {
                if (n.isAlive()) {
                    assertThat(slots(n.config().pgPort())).as(n.name()).contains("cdc", "ext_replica");
                }
            }
        });
    }

    /** Every replica replayed the leader's WAL and its copy of cdc stands where the leader's confirmed flush does. */
    private static void awaitReplicasCaughtUpAndSlotsAdvanced(JPatroniCluster cluster, JPatroniNode leader) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(cluster.replicas()).as("replicas").hasSize(cluster.nodes().size() - 1);
            String lsn = query(leader.config().pgPort(), "SELECT pg_catalog.pg_current_wal_lsn()").get(0);
            String confirmed = query(leader.config().pgPort(), "SELECT confirmed_flush_lsn FROM"
                    + " pg_catalog.pg_replication_slots WHERE slot_name = 'cdc'").get(0);
            for (JPatroniNode r : cluster.replicas()) {
                int p = r.config().pgPort();
                assertThat(query(p, "SELECT pg_catalog.pg_last_wal_replay_lsn() >= '" + lsn + "'").get(0))
                        .as(r.name() + " replayed " + lsn).isEqualTo("t");
                assertThat(query(p, "SELECT confirmed_flush_lsn >= '" + confirmed + "' FROM"
                        + " pg_catalog.pg_replication_slots WHERE slot_name = 'cdc'").get(0))
                        .as(r.name() + "'s cdc at the leader's " + confirmed).isEqualTo("t");
            }
        });
    }

    private static JPatroniNode awaitLeaderOtherThan(JPatroniCluster cluster, JPatroniNode old, Duration timeout) {
        return await().atMost(timeout).until(() -> cluster.leader().filter(l -> !l.equals(old))
                .filter(l -> l.status("/primary") == 200), java.util.Optional::isPresent).orElseThrow();
    }

    private static void insert(JPatroniNode leader, int from, int to) throws SQLException {
        exec(leader.config().pgPort(), "INSERT INTO t SELECT generate_series(" + from + ", " + to + ")");
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    /** The ids of the rows inserted into t that the slot cdc decodes now (and consumes). */
    private static List<Integer> consume(int port) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        for (String change : query(port, "SELECT data FROM pg_catalog.pg_logical_slot_get_changes('cdc', NULL,"
                + " NULL)")) {
            Matcher m = INSERTED.matcher(change);
            if (m.find()) {
                ids.add(Integer.parseInt(m.group(1)));
            }
        }
        return ids;
    }

    private static Set<String> slots(int port) throws SQLException {
        return new TreeSet<>(query(port, "SELECT slot_name FROM pg_catalog.pg_replication_slots"));
    }

    private static void exec(int port, String sql) throws SQLException {
        try (Connection c = connect(port); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> query(int port, String sql) throws SQLException {
        try (Connection c = connect(port); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static Connection connect(int port) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }
}
