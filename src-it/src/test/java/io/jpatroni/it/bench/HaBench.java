package io.jpatroni.it.bench;

import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Timings;
import io.jpatroni.it.support.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark: 3 nodes, etcd, HAProxy ({@code inter 1s fall 2 rise 1}), the test timings
 * ({@link Timings#JPATRONI}: ttl 10 / loop_wait 1 / retry_timeout 3), a writer inserting every 50 ms through HAProxy. Prints figures next to Patroni 3.0.2's;
 * asserts nothing about time (run by scripts/bench, not by the test suite).
 */
class HaBench {
    private final List<String> rows = new ArrayList<>();

    private void row(String what, String jpatroni, String patroni) {
        rows.add(String.format("| %-58s | %-22s | %-16s |", what, jpatroni, patroni));
    }

    @Test
    void figures() throws Exception {
        long t0 = System.nanoTime();
        try (JPatroniCluster cluster = JPatroniCluster.start("bench", 3).withHaProxy()) {
            JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(90));
            row("bootstrap from empty to 3 healthy members", secs(t0), "10.3 s");
            cluster.restoreHealth(Duration.ofSeconds(30));   // healthy already: waits for HAProxy's routing

            idle(cluster, leader);
            ctlList(cluster);
            wrk(leader);
            leader = killNine(cluster, leader);
            sigterm(cluster, leader);
        } finally {
            print();
        }
    }

    private void print() {
        System.out.println();
        Timings t = Timings.JPATRONI;
        System.out.printf("| figure (ttl %d, loop_wait %d, retry_timeout %d; HAProxy inter 1s fall 2 rise 1) "
                + "| jpatroni               | Patroni 3.0.2    |%n", t.ttl(), t.loopWait(), t.retryTimeout());
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
    }

    private void idle(JPatroniCluster cluster, JPatroniNode leader) throws Exception {
        Thread.sleep(5000);
        List<ProcStats> before = cluster.nodes().stream().map(n -> ProcStats.of(n.pid())).toList();
        long etcdBefore = etcdRequests(cluster);
        Thread.sleep(60_000);
        long etcdAfter = etcdRequests(cluster);
        StringBuilder rss = new StringBuilder();
        StringBuilder threads = new StringBuilder();
        StringBuilder cpu = new StringBuilder();
        for (int i = 0; i < cluster.nodes().size(); i++) {
            ProcStats now = ProcStats.of(cluster.nodes().get(i).pid());
            String sep = i == 0 ? "" : " / ";
            rss.append(sep).append(now.rssKb() / 1024);
            threads.append(sep).append(now.threads());
            cpu.append(sep).append(String.format("%.2f", now.cpuSecondsSince(before.get(i))));
        }
        row("RSS per node after 65 s idle (MiB; leader = " + leader.name() + ")", rss.toString(), "59.5 MiB");
        row("threads per node", threads.toString(), "6");
        row("CPU seconds per idle minute per node", cpu.toString(), "0.43");
        row("etcd requests per minute, whole cluster", Long.toString(etcdAfter - etcdBefore), "186");
    }

    /**
     * Requests etcd served, counted as Patroni's HTTP gateway requests are (one POST each): every unary RPC,
     * every lease keep-alive (jetcd opens one short stream per keep-alive), every watch created.
     */
    private static long etcdRequests(JPatroniCluster cluster) throws Exception {
        String url = cluster.etcd().clientUrl(0) + "/metrics";
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return sum(body, "grpc_server_handled_total", "grpc_type=\"unary\"")
                + sum(body, "grpc_server_handled_total", "grpc_method=\"LeaseKeepAlive\"")
                + sum(body, "grpc_server_msg_received_total", "grpc_method=\"Watch\"");
    }

    private static long sum(String metrics, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*\\} ([0-9.e+]+)$")
                .matcher(metrics);
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }

    /**
     * {@code list} on this cluster, jpatronictl (bin/jpatronictl: the archive {@code mvn package} made) and the real
     * patronictl, each 10 runs after 2 warm-ups: hyperfine when installed, else the same loop timed here.
     */
    private void ctlList(JPatroniCluster cluster) throws Exception {
        String config = cluster.nodes().get(0).config().configFile().toString();
        List<String> jp = List.of(io.jpatroni.it.support.Repo.path("bin/jpatronictl").toString(), "-c", config, "list");
        List<String> py = List.of("/usr/bin/patronictl", "-c", config, "list");
        row("`list` wall time, mean of 10 (hyperfine -N, 2 warm-ups)", listMillis(jp), listMillis(py));
    }

    static String listMillis(List<String> command) throws Exception {
        boolean hyperfine = new java.io.File("/usr/bin/hyperfine").canExecute();
        if (hyperfine) {
            java.nio.file.Path json = java.nio.file.Files.createTempFile("hyperfine", ".json");
            try {
                Processes.run(new ProcessBuilder("hyperfine", "-N", "--warmup", "2", "--runs", "10", "--export-json",
                        json.toString(), String.join(" ", command)), Duration.ofSeconds(120));
                double mean = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile())
                        .path("results").path(0).path("mean").asDouble();
                return String.format("%.0f ms", mean * 1000);
            } finally {
                java.nio.file.Files.deleteIfExists(json);
            }
        }
        for (int i = 0; i < 2; i++) {
            Processes.run(new ProcessBuilder(command), Duration.ofSeconds(60));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            Processes.run(new ProcessBuilder(command), Duration.ofSeconds(60));
        }
        return String.format("%.0f ms (loop)", (System.nanoTime() - t0) / 10 / 1e6);
    }

    private void wrk(JPatroniNode leader) {
        String out = Processes.run(new ProcessBuilder("wrk", "-t2", "-c16", "-d10s", "--latency",
                "http://127.0.0.1:" + leader.config().restPort() + "/primary"), Duration.ofSeconds(60));
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher p99 = Pattern.compile("99%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        String reqs = rps.find() ? String.format("%.0f req/s", Double.parseDouble(rps.group(1))) : "?";
        String lat = p99.find() ? p99.group(1) + " " + p99.group(2) : "?";
        row("GET /primary, wrk -t2 -c16 -d10s: throughput / p99", reqs + ", p99 " + lat, "717 req/s, 58 ms");
    }

    private JPatroniNode killNine(JPatroniCluster cluster, JPatroniNode leader) throws Exception {
        JPatroniNode newLeader;
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 50)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.acks().size() >= 40);
            long killedAt = System.nanoTime();
            leader.killHard();
            JPatroniNode old = leader;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> cluster.leader().filter(l -> l != old).isPresent());
            newLeader = cluster.leader().orElseThrow();
            double locked = (System.nanoTime() - killedAt) / 1e9;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> writer.secondsToFirstWriteAfter(killedAt, old.config().pgPort()) > 0);
            double firstWrite = writer.secondsToFirstWriteAfter(killedAt, old.config().pgPort());
            writer.close();
            List<Long> lost = writer.lostWrites(cluster.haproxy().writeUrl());
            long acked = writer.acks().stream().filter(a -> a.nanos() < killedAt).count();
            row("kill -9 leader agent + postmaster: new primary answers /primary",
                    String.format("%.2f s", locked), "-");
            row("kill -9: first write on the new leader through HAProxy",
                    String.format("%.2f s", firstWrite), "10.8 s");
            row("kill -9: acknowledged writes lost", lost.size() + " of " + acked, "0");

            long restarted = System.nanoTime();
            old.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> streams(newLeader, old.name()));
            row("kill -9: old leader streaming again (pg_rewind) after restart", secs(restarted), "2.2 s");
        }
        cluster.awaitHealthy(Duration.ofSeconds(60));
        return newLeader;
    }

    private void sigterm(JPatroniCluster cluster, JPatroniNode leader) throws Exception {
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 50)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.acks().size() >= 40);
            long stoppedAt = System.nanoTime();
            leader.stop(Duration.ofSeconds(30));
            JPatroniNode old = leader;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> cluster.leader().filter(l -> l != old).isPresent());
            double primary = (System.nanoTime() - stoppedAt) / 1e9;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> writer.secondsToFirstWriteAfter(stoppedAt, old.config().pgPort()) > 0);
            row("SIGTERM leader: new primary answers /primary", String.format("%.2f s", primary), "-");
            row("SIGTERM leader: first write on the new leader through HAProxy",
                    String.format("%.2f s", writer.secondsToFirstWriteAfter(stoppedAt, old.config().pgPort())),
                    "2.06 s");
        }
    }

    private static boolean streams(JPatroniNode leader, String member) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        try (Connection c = DriverManager.getConnection(leader.jdbcUrl(), p);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND application_name = '"
                             + member + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        } catch (Exception e) {
            return false;
        }
    }

    private static String secs(long sinceNanos) {
        return String.format("%.2f s", (System.nanoTime() - sinceNanos) / 1e9);
    }
}
