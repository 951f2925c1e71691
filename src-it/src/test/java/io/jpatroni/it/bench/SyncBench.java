package io.jpatroni.it.bench;

import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.MixedCluster;
import io.jpatroni.it.support.MixedCluster.Impl;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.SyncKey;
import io.jpatroni.it.support.Timings;
import io.jpatroni.it.support.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Synchronous replication figures, jpatroni next to Patroni 3.0.2 measured in the same run on the same setup: three
 * nodes of one implementation on one etcd, HAProxy in front ({@code inter 1s fall 2 rise 1}), Patroni's timings for
 * both ({@link Timings#PATRONI}: ttl 20 / loop_wait 1 / retry_timeout 5; Patroni refuses a shorter ttl). For each:
 * the latency of single-row INSERTs through HAProxy without and with {@code synchronous_mode_strict}, then
 * {@code -Dsync.bench.rounds} (3) kill -9 rounds of the leader (agent and postmaster) in strict mode with a writer
 * every 50 ms: the write outage, the acknowledged writes lost, whether the promoted node was the one the {@code sync}
 * key named. Asserts nothing (run by scripts/bench, not by the test suite).
 */
class SyncBench {
    private static final int ROUNDS = Integer.getInteger("sync.bench.rounds", 3);
    private static final int INSERTS = 500;
    private static final List<String> NAMES = List.of("node1", "node2", "node3");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One implementation's figures, as printed. */
    private record Figures(String asyncLatency, String syncLatency, String overhead, String outage, String lost,
                           String promotedSync) {
    }

    @Test
    void figures() throws Exception {
        Map<Impl, Figures> figures = new EnumMap<>(Impl.class);
        try {
            for (Impl impl : List.of(Impl.JPATRONI, Impl.PATRONI)) {
                if (impl == Impl.PATRONI && !MixedCluster.patroniAvailable()) {
                    continue;
                }
                figures.put(impl, measure(impl));
            }
        } finally {
            print(figures);
        }
    }

    private static void print(Map<Impl, Figures> f) {
        Timings t = Timings.PATRONI;
        System.out.println();
        System.out.printf("| synchronous mode (ttl %d, loop_wait %d, retry_timeout %d for both; HAProxy inter 1s"
                + " fall 2 rise 1) | jpatroni | Patroni 3.0.2 |%n", t.ttl(), t.loopWait(), t.retryTimeout());
        System.out.println("|---|---|---|");
        Figures j = f.get(Impl.JPATRONI);
        Figures p = f.get(Impl.PATRONI);
        row("INSERT latency through HAProxy, asynchronous: median / p99", j, p, Figures::asyncLatency);
        row("INSERT latency, synchronous_mode_strict: median / p99", j, p, Figures::syncLatency);
        row("synchronous overhead per INSERT (median)", j, p, Figures::overhead);
        row("kill -9 of the leader in strict mode: first write through HAProxy (mean / max of " + ROUNDS + ")", j, p,
                Figures::outage);
        row("kill -9 in strict mode: acknowledged writes lost", j, p, Figures::lost);
        row("kill -9 in strict mode: the promoted node was the sync standby", j, p, Figures::promotedSync);
        System.out.println();
    }

    private static void row(String what, Figures j, Figures p, java.util.function.Function<Figures, String> f) {
        System.out.printf("| %s | %s | %s |%n", what, j == null ? "-" : f.apply(j), p == null ? "-" : f.apply(p));
    }

    private Figures measure(Impl impl) throws Exception {
        String scope = "syncbench" + impl.letter().toLowerCase();
        try (MixedCluster c = MixedCluster.start(scope, NAMES, impl).withHaProxy()) {
            c.restoreHealth(Duration.ofSeconds(180));
            NodeConfig leader = c.leader().orElseThrow();
            double[] async = latencies(c);
            patch(leader, "{\"synchronous_mode\":true,\"synchronous_mode_strict\":true}");
            awaitSyncStandby(c, scope, leader);
            double[] sync = latencies(c);

            List<Double> outages = new ArrayList<>();
            long lost = 0;
            long acked = 0;
            int promotedSync = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                NodeConfig old = c.awaitHealthy(Duration.ofSeconds(180));
                String standby = awaitSyncStandby(c, scope, old);
                try (Writer writer = Writer.start(c.haproxy().writeUrl(), 50)) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> writer.acks().size() >= 40);
                    long killedAt = System.nanoTime();
                    c.killHard(old);
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                            .until(() -> c.leader().filter(l -> l != old).isPresent());
                    NodeConfig promoted = c.leader().orElseThrow();
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> writer.secondsToFirstWriteAfter(killedAt, old.pgPort()) > 0);
                    outages.add(writer.secondsToFirstWriteAfter(killedAt, old.pgPort()));
                    writer.close();
                    lost += writer.lostWrites(c.haproxy().writeUrl()).size();
                    acked += writer.acks().size();
                    promotedSync += promoted.name().equals(standby) ? 1 : 0;
                    System.out.printf("sync bench %s round %d: killed %s, sync standby %s, promoted %s, first write"
                            + " after %.2f s%n", impl, round, old.name(), standby, promoted.name(),
                            outages.get(outages.size() - 1));
                }
                c.start(old, impl);
            }
            return new Figures(ms(async), ms(sync), String.format("%.2f ms", sync[0] - async[0]),
                    String.format("%.2f s / %.2f s", outages.stream().mapToDouble(d -> d).average().orElse(0),
                            outages.stream().mapToDouble(d -> d).max().orElse(0)),
                    lost + " of " + acked, promotedSync + " of " + ROUNDS);
        }
    }

    private static String ms(double[] medianP99) {
        return String.format("%.2f / %.2f ms", medianP99[0], medianP99[1]);
    }

    /** Median and p99, in ms, of {@link #INSERTS} single-row INSERTs on one connection through HAProxy. */
    private static double[] latencies(MixedCluster c) throws Exception {
        double[] ms = new double[INSERTS];
        try (Connection conn = SyncKey.connect(c.haproxy().writePort(), 30); Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_latency (id serial PRIMARY KEY, x int)");
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bench_latency (x) VALUES (?)")) {
                for (int i = 0; i < INSERTS; i++) {
                    long t = System.nanoTime();
                    ps.setInt(1, i);
                    ps.executeUpdate();
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
            }
        }
        java.util.Arrays.sort(ms);
        return new double[] {ms[INSERTS / 2], ms[INSERTS * 99 / 100]};
    }

    /** Waits until the key, written by {@code leader}, names one standby its PostgreSQL waits for; returns it. */
    private static String awaitSyncStandby(MixedCluster c, String scope, NodeConfig leader) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    SyncKey.Value key = SyncKey.read(c.etcd(), scope).orElseThrow();
                    return key.leader().filter(leader.name()::equals).isPresent() && key.standbys().size() == 1
                            && SyncKey.synchronousStandbyNames(leader.pgPort())
                            .equals(key.standbys().iterator().next());
                });
        return SyncKey.read(c.etcd(), scope).orElseThrow().standbys().iterator().next();
    }

    private static void patch(NodeConfig node, String json) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString("patroni:restsecret"
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort() + "/config"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", auth)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("PATCH /config " + json + ": " + r.statusCode() + " " + r.body());
        }
    }
}
