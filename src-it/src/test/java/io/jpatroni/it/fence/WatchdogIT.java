package io.jpatroni.it.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.Freeze;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Jpatronictl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Timings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Patroni's watchdog in a real cluster (etcd, PostgreSQL 15, bin/jpatroni): with {@code driver: testing} the device
 * is a file the test reads, line by line, as a kernel would see the calls; with {@code mode: required} and no usable
 * device the node reports {@code watchdog_failed} and never leads.
 */
class WatchdogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** etcd only, for each method: the test starts its nodes with the configuration it needs. */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerMethod =
            ClusterExtension.of(() -> JPatroniCluster.withoutNodes("wd"));

    private static String testingWatchdog(NodeConfig cfg) {
        return cfg.yaml() + """
                watchdog:
                  mode: required
                  driver: testing
                  device: %s
                  safety_margin: 5
                """.formatted(device(cfg));
    }

    private static Path device(NodeConfig cfg) {
        return cfg.dir().resolve("watchdog");
    }

    private static List<String> events(JPatroniNode node) throws IOException {
        return Files.readAllLines(device(node.config())).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    private static List<Instant> keepalives(JPatroniNode node) throws IOException {
        return Files.readAllLines(device(node.config())).stream().filter(l -> l.endsWith(" keepalive"))
                .map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
    }

    @Test
    void testingDriverSeesOpenTimeoutKeepalivesRearmAndMagicClose(JPatroniCluster cluster) throws Exception {
        for (String name : List.of("node1", "node2")) {
            NodeConfig cfg = cluster.newNodeConfig(name);
            Files.createDirectories(cfg.dir());
            Files.writeString(device(cfg), "");   // the testing driver writes to an existing file or FIFO
            cluster.add(new JPatroniNode(cfg, testingWatchdog(cfg))).start();
        }
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(90));
        JPatroniNode replica = cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();

        // armed with ttl - safety_margin = 10 - 5, kept alive every cycle (loop_wait 1)
        await().atMost(Duration.ofSeconds(10)).until(() -> keepalives(leader).size() >= 3);
        assertThat(events(leader)).startsWith("open", "set-timeout 5", "keepalive");
        assertThat(events(replica)).as("a replica never opens the device").isEmpty();

        // a new ttl re-arms the running device at its next keepalive
        Path config = leader.config().configFile();
        assertThat(Jpatronictl.run(config, "edit-config", "-s", "ttl=12", "--force").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> events(leader).contains("set-timeout 7"));

        // the leader's daemon frozen: the device sees no keepalive for longer than its timeout (a kernel would reset)
        int beatsBefore = keepalives(leader).size();
        Freeze.stop(leader);
        Instant frozenAt = Instant.now();
        try {
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9))
                    .until(() -> keepalives(leader).size() <= beatsBefore + 1);   // one may have been on its way
        } finally {
            Freeze.resume(leader);
        }
        List<Instant> beats = keepalives(leader);
        Instant lastBefore = beats.stream().filter(t -> t.isBefore(frozenAt.plusMillis(500))).reduce((a, b) -> b)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> keepalives(leader).stream().anyMatch(t -> t.isAfter(
                frozenAt.plusSeconds(8))));
        Instant firstAfter = keepalives(leader).stream().filter(t -> t.isAfter(lastBefore)).findFirst().orElseThrow();
        assertThat(Duration.between(lastBefore, firstAfter)).as("no keepalive while frozen")
                .isGreaterThan(Duration.ofSeconds(7));

        // pause: magic close; resume: opened again
        int closes = count(events(leader), "magic-close");
        assertThat(Jpatronictl.run(config, "pause", "--wait").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(events(leader), "magic-close") == closes + 1);
        int opens = count(events(leader), "open");
        assertThat(Jpatronictl.run(config, "resume", "--wait").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> count(events(leader), "open") == opens + 1);

        // a clean shutdown: PostgreSQL stopped, then the magic close
        assertThat(leader.stop(Duration.ofSeconds(60))).isZero();
        List<String> last = events(leader);
        assertThat(last.get(last.size() - 1)).isEqualTo("magic-close");
        assertThat(leader.logTail(400)).contains("activated with 5 second timeout, timing slack 4 seconds");
    }

    @Test
    void requiredWithoutAUsableDeviceReportsWatchdogFailedAndNeverLeads(JPatroniCluster cluster) throws Exception {
        NodeConfig c1 = cluster.newNodeConfig("node1");
        cluster.add(new JPatroniNode(c1, c1.yaml() + "watchdog:\n  mode: 'off'\n")).start();
        cluster.awaitHealthy(Duration.ofSeconds(90));
        NodeConfig c2 = cluster.newNodeConfig("node2");
        JPatroniNode node2 = cluster.add(new JPatroniNode(c2, c2.yaml() + """
                watchdog:
                  mode: required
                  device: %s
                """.formatted(c2.dir().resolve("no-such-watchdog")))).start();
        JPatroniNode node1 = cluster.awaitHealthy(Duration.ofSeconds(90));
        assertThat(node1.name()).isEqualTo("node1");
        assertThat(JSON.readTree(node2.get("/patroni").orElseThrow().body()).path("watchdog_failed").asBoolean())
                .isTrue();
        assertThat(JSON.readTree(node1.get("/patroni").orElseThrow().body()).has("watchdog_failed")).isFalse();

        // a switchover names it: it wins the race, cannot activate, gives the lock back instead of promoting
        Jpatronictl.run(c1.configFile(), "switchover", "--leader", "node1", "--candidate", "node2", "--force");
        await().atMost(Duration.ofSeconds(30)).until(() -> node2.logTail(300)
                .contains("Not promoting self because watchdog could not be activated"));
        assertThat(node2.logTail(300))
                .contains("Configuration requires watchdog, but watchdog could not be configured.");
        cluster.awaitHealthy(Duration.ofSeconds(60));

        // the leader gone: it stays out of the race
        node1.stop(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> node2.logTail(100).contains("Watchdog device is not usable"));
        int ttl = Timings.JPATRONI.ttl();
        await().during(Duration.ofSeconds(ttl + 2)).atMost(Duration.ofSeconds(ttl + 4))
                .until(() -> node2.status("/primary") == 503);
        assertThat(node2.logTail(60)).contains("following a different leader because i am not the healthiest node");
    }

    private static int count(List<String> events, String event) {
        return (int) events.stream().filter(event::equals).count();
    }
}
