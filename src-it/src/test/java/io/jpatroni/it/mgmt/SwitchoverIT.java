package io.jpatroni.it.mgmt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.RoutingProbe;
import io.jpatroni.it.support.Writer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Planned switchovers on one 3-node jpatroni cluster behind HAProxy: through {@code POST /switchover} to a named
 * candidate, through {@code bin/jpatronictl switchover --force} to any, through the real {@code patronictl}; a
 * scheduled one that fires and one that {@code flush} cancels. Each time writes resume through HAProxy and the
 * old primary streams from the new one without pg_rewind.
 */
class SwitchoverIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("swo", 3).withHaProxy());

    @Test
    void restSwitchoverToANamedCandidate(JPatroniCluster cluster) throws Exception {
        JPatroniNode old = cluster.leader().orElseThrow();
        JPatroniNode candidate = cluster.replicas().get(0);
        HttpResponse<String> wrongLeader = Rest.call(old, "POST", "/switchover",
                "{\"leader\":\"" + candidate.name() + "\"}");
        assertThat(wrongLeader.statusCode()).isEqualTo(412);
        assertThat(wrongLeader.body()).isEqualTo("leader name does not match");
        assertThat(Rest.call(old, "POST", "/switchover", "{\"candidate\":\"x\"}").body())
                .isEqualTo("Switchover could be performed only from a specific leader");
        assertThat(Rest.call(old, "DELETE", "/switchover", null).body()).isEqualTo("no switchover is scheduled");

        switchover(cluster, old, candidate.name(), () -> {
            HttpResponse<String> r = Rest.call(old, "POST", "/switchover",
                    "{\"leader\":\"" + old.name() + "\",\"candidate\":\"" + candidate.name() + "\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("Successfully switched over to \"" + candidate.name() + "\"");
            return "REST";
        });
    }

    @Test
    void jpatronictlSwitchoverToAny(JPatroniCluster cluster) throws Exception {
        JPatroniNode old = cluster.leader().orElseThrow();
        switchover(cluster, old, null, () -> {
            Processes.Result r = Jpatronictl.run(config(cluster), "switchover", "--force", "--leader", old.name());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Successfully switched over to");
            return "jpatronictl";
        });
    }

    @Test
    void realPatronictlDrivesAJpatroniSwitchover(JPatroniCluster cluster) throws Exception {
        JPatroniNode old = cluster.leader().orElseThrow();
        JPatroniNode candidate = cluster.replicas().get(0);
        switchover(cluster, old, candidate.name(), () -> {
            Processes.Result r = Jpatronictl.patronictl(config(cluster), "switchover", "--force", "--leader",
                    old.name(), "--candidate", candidate.name());
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("Successfully switched over to \"" + candidate.name() + "\"");
            return "patronictl";
        });
    }

    @Test
    void scheduledSwitchoverFiresAndFlushCancelsOne(JPatroniCluster cluster) throws Exception {
        Path config = config(cluster);
        JPatroniNode old = cluster.leader().orElseThrow();
        JPatroniNode candidate = cluster.replicas().get(0);
        String later = OffsetDateTime.now().plusHours(2).withNano(0).toString();
        Processes.Result scheduled = Jpatronictl.run(config, "switchover", "--force", "--leader", old.name(),
                "--candidate", candidate.name(), "--scheduled", later);
        assertThat(scheduled.output()).contains("Switchover scheduled");
        assertThat(Jpatronictl.run(config, "list").output()).contains(" Switchover scheduled at: ");
        Processes.Result flush = Jpatronictl.run(config, "flush", "swo", "switchover", "--force");
        assertThat(flush.output()).endsWith("Success: scheduled switchover deleted\n");

        int switchover = old.logMark();
        String soon = OffsetDateTime.now().plusSeconds(3).withNano(0).toString();
        HttpResponse<String> r = Rest.call(old, "POST", "/switchover", "{\"leader\":\"" + old.name()
                + "\",\"candidate\":\"" + candidate.name() + "\",\"scheduled_at\":\"" + soon + "\"}");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("Switchover scheduled");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.leader().filter(l -> l == candidate).isPresent());
        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(old.logSince(switchover)).doesNotContain("running pg_rewind");
    }

    /** Any member's configuration file: the ctls find the leader through etcd. */
    private static Path config(JPatroniCluster cluster) {
        return cluster.nodes().get(0).config().configFile();
    }

    /** Each Writer counts its ids from the start again. */
    private static void truncateWrites(JPatroniCluster cluster) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("user", "postgres");
            p.setProperty("password", "supersecret");
            try (var c = java.sql.DriverManager.getConnection(cluster.haproxy().writeUrl(), p);
                 var st = c.createStatement()) {
                st.execute("TRUNCATE writes");
            }
        });
    }

    /** Runs {@code command}, prints the write outage and the command's wall time, checks the old primary. */
    private static void switchover(JPatroniCluster cluster, JPatroniNode old, String candidate,
                                   Callable<String> command) throws Exception {
        truncateWrites(cluster);
        int switchover = old.logMark();
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 20);
             RoutingProbe routing = RoutingProbe.start(cluster.haproxy())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 20);
            long startedAt = System.nanoTime();
            String how = command.call();
            double wall = (System.nanoTime() - startedAt) / 1e9;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.leader().filter(l -> l != old).isPresent());
            JPatroniNode leader = cluster.leader().orElseThrow();
            if (candidate != null) {
                assertThat(leader.name()).isEqualTo(candidate);
            }
            int newPort = leader.config().pgPort();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> writer.secondsToFirstWriteAfter(startedAt, old.config().pgPort()) > 0);
            double firstWrite = writer.secondsToFirstWriteAfter(startedAt, old.config().pgPort());
            // the application goes on writing on the new primary for a while before the check for lost writes
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().stream()
                    .filter(a -> a.nanos() > startedAt && a.serverPort() == newPort).count() >= 20);
            writer.close();
            System.out.printf("switchover (%s) %s -> %s: command wall %.2f s, first write on the new primary "
                            + "after %.2f s, longest write gap %.2f s, writes routed to a replica %d/%d%n",
                    how, old.name(), leader.name(), wall, firstWrite, writer.longestGapSeconds(),
                    routing.writesRoutedToReplica(), routing.probes());
            assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).as("lost writes").isEmpty();
            List<Writer.Ack> afterFirstOnNew = writer.acks().stream().filter(a -> a.nanos() > startedAt)
                    .dropWhile(a -> a.serverPort() != newPort).toList();
            assertThat(afterFirstOnNew).as("writes acknowledged once the new primary took one").isNotEmpty()
                    .allSatisfy(a -> assertThat(a.serverPort()).as("acknowledged by").isEqualTo(newPort));
            // HAProxy (inter 1s fall 2) keeps the old primary in the write backend for up to 2 s; it is back as a
            // read-only replica by then, so a few write connections land on it and fail (printed above).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> old.status("/replica") == 200 && JPatroniCluster.streamingReplicas(leader) == 2);
            assertThat(old.logSince(switchover)).doesNotContain("running pg_rewind");
        }
    }
}
