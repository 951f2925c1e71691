package io.jpatroni.it.bench;

import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.HaProxy;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Repo;
import io.jpatroni.it.support.Timings;
import io.jpatroni.it.support.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue #13's table, both columns from one run: a 3-node Patroni 3.0.2 cluster and a 3-node jpatroni cluster side by
 * side (each on an etcd of its own, both with ttl 10 / loop_wait 1 / retry_timeout 3), every figure taken from both
 * in the same minute or interleaved (A, B, A, B), so that the machine's load weighs on both alike:
 * <ul>
 * <li>{@code list} wall time (hyperfine, 10 runs, both ctls on the jpatroni cluster);
 * <li>RSS, threads and CPU of the idle leader and a replica over the same 60 s (loop_wait 1, then loop_wait 10);
 * <li>{@code GET /primary} under {@code wrk -t2 -c16} on each leader, 3 runs each, alternating;
 * <li>the write outage of a switchover ({@code POST /switchover}) through HAProxy, with Patroni's documented checks
 * and with docs/haproxy.md's, one HAProxy of each kind per cluster and a writer through each (every 20 ms), 2
 * switchovers per cluster, alternating.
 * </ul>
 * Asserts nothing about time: run by scripts/bench, not by the test suite.
 */
class PerfBench {
    private static final Timings TIMINGS = Timings.JPATRONI;
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("Patroni's checks (" + HaProxy.PATRONI_CHECKS.replace(" on-marked-down shutdown-sessions", "")
                + ")", HaProxy.PATRONI_CHECKS);
        CHECKS.put("inter 250ms fastinter 100ms downinter 100ms fall 2 rise 1", HaProxy.QUICK_CHECKS);
        CHECKS.put("docs/haproxy.md (the same + observe layer4, redispatch, timeout connect 200ms)",
                HaProxy.RECOMMENDED_CHECKS);
    }

    private final List<String> rows = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One cluster of either kind, as the bench needs it. */
    private record Side(String name, List<NodeConfig> nodes, ToLongFunction<String> pid, List<HaProxy> proxies,
                        Function<String, Path> log) {
        NodeConfig node(String member) {
            return nodes.stream().filter(n -> n.name().equals(member)).findFirst().orElseThrow();
        }
    }

    @Test
    void figures() throws Exception {
        String loadBefore = load();
        JPatroniCluster jc = null;
        PatroniCluster pc = null;
        List<HaProxy> proxies = new ArrayList<>();
        boolean done = false;
        try {
            pc = PatroniCluster.start("pbench", 3, PerfBench::withBenchTimings);
            jc = JPatroniCluster.start("jbench", 3);
            NodeConfig pl = pc.awaitHealthy(Duration.ofSeconds(120));
            JPatroniNode jl = jc.awaitHealthy(Duration.ofSeconds(120));
            long healthyAt = System.nanoTime();
            JPatroniCluster j = jc;
            PatroniCluster p = pc;
            Side js = new Side("jpatroni", jc.nodes().stream().map(JPatroniNode::config).toList(),
                    name -> j.node(name).pid(), new ArrayList<>(), name -> j.node(name).log());
            Side ps = new Side("Patroni 3.0.2", pc.nodes(), p::pid, new ArrayList<>(),
                    name -> p.dir().resolve(name).resolve("patroni.log"));

            ctlList(j);
            idle(ps, js, pl.name(), jl.name(), "loop_wait 1");
            patchConfig(ps, pl, "{\"loop_wait\": 10}");
            patchConfig(js, jl.config(), "{\"loop_wait\": 10}");
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(13)).until(() -> true);
            idle(ps, js, pl.name(), jl.name(), "loop_wait 10");
            patchConfig(ps, pl, "{\"loop_wait\": " + TIMINGS.loopWait() + "}");
            patchConfig(js, jl.config(), "{\"loop_wait\": " + TIMINGS.loopWait() + "}");
            // the first rows are taken in the daemons' first minutes, while the JIT still compiles what the cycle runs
            // (Python has no such phase); a daemon runs for months: the same figures once both have run 5 minutes
            await().pollDelay(Duration.ofSeconds(Math.max(0, 285 - (System.nanoTime() - healthyAt) / 1_000_000_000L)))
                    .atMost(Duration.ofSeconds(300)).until(() -> true);
            idle(ps, js, pl.name(), jl.name(), String.format(Locale.ROOT, "loop_wait 1, minutes %d-%d after start",
                    (System.nanoTime() - healthyAt + 15_000_000_000L) / 60_000_000_000L,
                    (System.nanoTime() - healthyAt + 75_000_000_000L) / 60_000_000_000L));
            wrk(ps, pl, js, jl.config());

            for (Side s : List.of(ps, js)) {
                for (Map.Entry<String, String> c : CHECKS.entrySet()) {
                    HaProxy h = HaProxy.start((s == js ? j.dir() : p.dir()).resolve(
                            "haproxy-" + s.proxies().size()), s.nodes(), c.getValue());
                    proxies.add(h);
                    s.proxies().add(h);
                }
            }
            switchovers(ps, p::awaitHealthy, js, t -> j.awaitHealthy(t).config());
            done = true;
        } finally {
            proxies.forEach(HaProxy::close);
            print(loadBefore);
            // the clusters' directories stay for a look when the run failed
            if (jc != null) {
                jc.close();
                if (done) {
                    jc.deleteFiles();
                }
            }
            if (pc != null) {
                pc.close();
                if (done) {
                    pc.deleteFiles();
                }
            }
        }
    }

    /** The node's YAML with the bench's timings (Patroni's cluster is made with Patroni's longer ttl otherwise). */
    private static String withBenchTimings(NodeConfig cfg) {
        return new NodeConfig(cfg.scope(), cfg.name(), cfg.dir(), cfg.restPort(), cfg.pgPort(), cfg.dcsSection(),
                cfg.dcsHosts(), TIMINGS, cfg.tls()).yaml();
    }

    private void row(String figure, String patroni, String jpatroni, String target, String verdict) {
        rows.add(String.format("| %-60s | %-20s | %-20s | %-26s | %-7s |", figure, patroni, jpatroni, target,
                verdict));
    }

    private void print(String loadBefore) {
        System.out.println();
        System.out.printf("| figure (3 nodes each; ttl %d / loop_wait %d / retry_timeout %d) | Patroni 3.0.2 "
                        + "       | jpatroni             | target                     | verdict |%n", TIMINGS.ttl(),
                TIMINGS.loopWait(), TIMINGS.retryTimeout());
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.printf("%nload average (1, 5, 15 min) at the start: %s; at the end: %s on %d cores%s%n%n",
                loadBefore, load(), Runtime.getRuntime().availableProcessors(),
                loadAverage() > 1.0 ? " -- figures taken under load: compare the columns, not the absolutes" : "");
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
    }

    private void ctlList(JPatroniCluster cluster) throws Exception {
        String config = cluster.nodes().get(0).config().configFile().toString();
        String jp = HaBench.listMillis(List.of(Repo.path("bin/jpatronictl").toString(), "-c", config, "list"));
        String py = HaBench.listMillis(List.of("/usr/bin/patronictl", "-c", config, "list"));
        double j = Double.parseDouble(jp.replaceAll("[^0-9.].*", ""));
        double p = Double.parseDouble(py.replaceAll("[^0-9.].*", ""));
        row("`list` wall time (hyperfine -N, 10 runs, same cluster)", py, jp, "<= patronictl",
                verdict(j <= p));
    }

    /** RSS, threads and CPU of every daemon over the same 60 s, once both clusters have been idle 15 s. */
    private void idle(Side ps, Side js, String pLeader, String jLeader, String what) throws Exception {
        await().pollDelay(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(16)).until(() -> true);
        Map<String, ProcStats> before = new LinkedHashMap<>();
        for (Side s : List.of(ps, js)) {
            for (NodeConfig n : s.nodes()) {
                before.put(s.name() + n.name(), ProcStats.of(s.pid().applyAsLong(n.name())));
            }
        }
        long jLeaderPid = js.pid().applyAsLong(jLeader);
        ThreadCpu threadsBefore = ThreadCpu.of(jLeaderPid);
        long t0 = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(60)).atMost(Duration.ofSeconds(61)).until(() -> true);
        double minutes = (System.nanoTime() - t0) / 60e9;
        Map<String, ProcStats> after = new LinkedHashMap<>();
        for (Side s : List.of(ps, js)) {
            for (NodeConfig n : s.nodes()) {
                after.put(s.name() + n.name(), ProcStats.of(s.pid().applyAsLong(n.name())));
            }
        }
        ThreadCpu threadsAfter = ThreadCpu.of(jLeaderPid);
        String pReplica = ps.nodes().stream().map(NodeConfig::name).filter(n -> !n.equals(pLeader)).findFirst()
                .orElseThrow();
        String jReplica = js.nodes().stream().map(NodeConfig::name).filter(n -> !n.equals(jLeader)).findFirst()
                .orElseThrow();
        for (String role : List.of("leader", "replica")) {
            String pn = ps.name() + (role.equals("leader") ? pLeader : pReplica);
            String jn = js.name() + (role.equals("leader") ? jLeader : jReplica);
            double prss = after.get(pn).rssKb() / 1024.0;
            double jrss = after.get(jn).rssKb() / 1024.0;
            row("daemon RSS, idle " + role + ", " + what + " (MiB; threads)",
                    String.format(Locale.ROOT, "%.1f MiB (%d)", prss, after.get(pn).threads()),
                    String.format(Locale.ROOT, "%.1f MiB (%d)", jrss, after.get(jn).threads()), "<= 90 MiB",
                    verdict(jrss <= 90));
            double pcpu = after.get(pn).cpuSecondsSince(before.get(pn)) / minutes;
            double jcpu = after.get(jn).cpuSecondsSince(before.get(jn)) / minutes;
            row("idle CPU, " + role + ", " + what + " (s per minute)", String.format(Locale.ROOT, "%.2f s", pcpu),
                    String.format(Locale.ROOT, "%.2f s", jcpu), "<= Patroni's", verdict(jcpu <= pcpu));
        }
        // the measurements behind a missed target: where the leader's RSS and idle CPU go
        double leaderRss = after.get(js.name() + jLeader).rssKb() / 1024.0;
        row("why: jpatroni leader's RSS, " + what + " (MiB, jcmd + smaps)", "-",
                JvmMemory.of(jLeaderPid).describe(leaderRss), "-", "-");
        row("why: jpatroni leader's idle CPU by thread, " + what + " (s per minute)", "-",
                threadsAfter.topSince(threadsBefore, minutes, 6), "-", "-");
    }

    /** {@code PATCH /config} on {@code node} (the REST API's basic auth of the test clusters). */
    private void patchConfig(Side side, NodeConfig node, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort()
                        + "/config")).header("Authorization", auth()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(side.name() + " PATCH /config " + json + ": " + r.statusCode() + " "
                    + r.body());
        }
    }

    private static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));
    }

    private void wrk(Side ps, NodeConfig pl, Side js, NodeConfig jl) {
        List<Double> p = new ArrayList<>();
        List<Double> j = new ArrayList<>();
        List<String> pr = new ArrayList<>();
        List<String> jr = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            double[] a = wrkRun(pl);
            p.add(a[1]);
            pr.add(String.format(Locale.ROOT, "%.0f", a[0]));
            double[] b = wrkRun(jl);
            j.add(b[1]);
            jr.add(String.format(Locale.ROOT, "%.0f", b[0]));
        }
        row("`GET /primary` p99, wrk -t2 -c16 -d6s, 3 runs (ms)", join(p), join(j), "<= 5 ms (median)",
                verdict(median(j) <= 5.0));
        row("`GET /primary` throughput, same runs (req/s)", String.join(" / ", pr), String.join(" / ", jr), "-",
                "-");
    }

    /** Requests per second and p99 in ms of one wrk run on {@code node}'s {@code /primary}. */
    private static double[] wrkRun(NodeConfig node) {
        String out = Processes.run(new ProcessBuilder("wrk", "-t2", "-c16", "-d6s", "--latency",
                "http://127.0.0.1:" + node.restPort() + "/primary"), Duration.ofSeconds(60));
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher p99 = Pattern.compile("99%\\s+([0-9.]+)(us|ms|s)").matcher(out);
        double reqs = rps.find() ? Double.parseDouble(rps.group(1)) : -1;
        double ms = -1;
        if (p99.find()) {
            double v = Double.parseDouble(p99.group(1));
            ms = switch (p99.group(2)) {
                case "us" -> v / 1000;
                case "s" -> v * 1000;
                default -> v;
            };
        }
        return new double[] {reqs, ms};
    }

    /**
     * Two switchovers per cluster, alternating Patroni and jpatroni; for each HAProxy a writer inserting every 20 ms
     * through it; the outage is the longest time between two acknowledged writes around the switchover.
     */
    private void switchovers(Side ps, Function<Duration, NodeConfig> pHealthy, Side js,
                             Function<Duration, NodeConfig> jHealthy) throws Exception {
        Map<String, List<Double>> outages = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            for (Side s : List.of(ps, js)) {
                NodeConfig leader = (s == ps ? pHealthy : jHealthy).apply(Duration.ofSeconds(60));
                for (HaProxy h : s.proxies()) {
                    h.awaitRouting(leader.pgPort(), true);
                }
                String candidate = s.nodes().stream().map(NodeConfig::name)
                        .filter(n -> !n.equals(leader.name())).findFirst().orElseThrow();
                List<Writer> writers = new ArrayList<>();
                for (HaProxy h : s.proxies()) {
                    writers.add(Writer.start(h.writeUrl(), 20, writers.size()));
                }
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> writers.stream()
                            .allMatch(w -> w.acks().size() >= 25));
                    long started = System.nanoTime();
                    switchover(leader, candidate);
                    int newPort = s.node(candidate).pgPort();
                    // 1 s of writes on the new leader through every HAProxy: the outage is over everywhere
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> writers
                            .stream().allMatch(w -> w.acks().stream().filter(a -> a.nanos() > started
                                    && a.serverPort() == newPort).count() >= 50));
                } finally {
                    writers.forEach(Writer::close);
                }
                int i = 0;
                long gapFrom = Long.MAX_VALUE;
                long gapTo = 0;
                for (String kind : CHECKS.keySet()) {
                    Writer w = writers.get(i++);
                    outages.computeIfAbsent(s.name() + kind, k -> new ArrayList<>()).add(w.longestGapSeconds());
                    long[] gap = longestGap(w);
                    System.out.printf("# %s switchover %s -> %s, %s: no write acknowledged from %s to %s%n", s.name(),
                            leader.name(), candidate, kind, clock(gap[0]), clock(gap[1]));
                    gapFrom = Math.min(gapFrom, gap[0]);
                    gapTo = Math.max(gapTo, gap[1]);
                }
                timeline(s, List.of(leader.name(), candidate), gapFrom - 1000, gapTo + 300);
            }
        }
        for (String kind : CHECKS.keySet()) {
            List<Double> p = outages.get(ps.name() + kind);
            List<Double> j = outages.get(js.name() + kind);
            row("switchover write outage, HAProxy " + kind + " (s)", joinSeconds(p), joinSeconds(j),
                    "<= 1.0 s (worst)", verdict(j.stream().mapToDouble(Double::doubleValue).max().orElse(99) <= 1.0));
        }
    }

    /** Wall-clock milliseconds of the acknowledgements either side of {@code w}'s longest gap. */
    private static long[] longestGap(Writer w) {
        List<Writer.Ack> acks = w.acks();
        long[] best = {0, 0};
        long worst = -1;
        for (int k = 1; k < acks.size(); k++) {
            long gap = acks.get(k).nanos() - acks.get(k - 1).nanos();
            if (gap > worst) {
                worst = gap;
                best = new long[] {acks.get(k - 1).epochMillis(), acks.get(k).epochMillis()};
            }
        }
        return best;
    }

    private static String clock(long epochMillis) {
        return java.time.LocalTime.ofInstant(java.time.Instant.ofEpochMilli(epochMillis),
                java.time.ZoneId.systemDefault()).toString();
    }

    /** The members' log lines (but the steady "no action" ones) between two wall-clock times, for the record. */
    private static void timeline(Side s, List<String> members, long from, long to) {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm:ss,SSS");
        for (String m : members) {
            try {
                for (String line : Files.readAllLines(s.log().apply(m))) {
                    if (line.length() < 23 || line.contains("no action.") || !Character.isDigit(line.charAt(0))) {
                        continue;
                    }
                    long at;
                    try {
                        at = java.time.LocalDateTime.parse(line.substring(0, 23), f)
                                .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
                    } catch (java.time.format.DateTimeParseException e) {
                        continue;
                    }
                    if (at >= from && at <= to) {
                        System.out.println("#   " + m + " " + line.substring(11));
                    }
                }
            } catch (java.io.IOException e) {
                System.out.println("#   " + m + ": " + e.getMessage());
            }
        }
    }

    /** {@code POST /switchover} to the leader, as patronictl does; both daemons answer once it is done. */
    private void switchover(NodeConfig leader, String candidate) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + leader.restPort()
                        + "/switchover")).header("Authorization", auth()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"leader\": \"" + leader.name() + "\", \"candidate\": \""
                        + candidate + "\"}")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("switchover " + leader.name() + " -> " + candidate + ": "
                    + r.statusCode() + " " + r.body());
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String join(List<Double> values) {
        return String.join(" / ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }

    private static String joinSeconds(List<Double> values) {
        return String.join(" / ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }
}
