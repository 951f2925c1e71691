package io.jpatroni.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every 100 ms, one sample of the whole cluster, the requests of a sample sent at the same instant: which nodes
 * answer {@code GET /primary} 200, which PostgreSQL accepts a write directly ({@code pg_is_in_recovery()} false and
 * an INSERT into a scratch table acknowledged), and who holds the leader key (a linearizable read from whichever
 * etcd member answers). A request that does not answer within 500 ms counts as no answer.
 */
final class Observer implements AutoCloseable {
    static final String UNKNOWN = "?";
    private static final long PERIOD_MS = 100;
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample: when it was sent, the nodes answering /primary 200, the writable ones, the leader key's holder. */
    record Sample(long nanos, Set<String> primaries, Set<String> writable, String holder) {
        String at(long zeroNanos) {
            return String.format("%+8.2fs  /primary 200: %-12s writable: %-12s leader key: %s",
                    (nanos - zeroNanos) / 1e9, primaries, writable, holder == null ? "(none)" : holder);
        }
    }

    private final ChaosCluster cluster;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "observer"));
    private final Map<String, NodeProbe> probes = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final String leaderKey;

    Observer(ChaosCluster cluster) {
        this.cluster = cluster;
        this.leaderKey = Base64.getEncoder().encodeToString(("/service/" + ChaosCluster.SCOPE + "/leader")
                .getBytes(StandardCharsets.UTF_8));
        for (Hosts.Host n : cluster.nodes) {
            probes.put(n.name(), new NodeProbe(n));
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static void createScratchTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS chaos_scratch (at timestamptz DEFAULT now())");
        }
    }

    void start() {
        ticker.scheduleAtFixedRate(this::tick, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long now = System.nanoTime();
        List<CompletableFuture<String>> primary = new ArrayList<>();
        List<CompletableFuture<String>> writable = new ArrayList<>();
        for (Hosts.Host n : cluster.nodes) {
            primary.add(primary(n));
            writable.add(probes.get(n.name()).writable());
        }
        CompletableFuture<String> holder = holder();
        List<CompletableFuture<?>> all = new ArrayList<>(primary);
        all.addAll(writable);
        all.add(holder);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            Set<String> p = new TreeSet<>();
            Set<String> w = new TreeSet<>();
            primary.forEach(f -> add(p, f));
            writable.forEach(f -> add(w, f));
            record(new Sample(now, p, w, holder.getNow(UNKNOWN)));
        });
    }

    private static void add(Set<String> to, CompletableFuture<String> f) {
        String name = f.getNow(null);
        if (name != null && !name.isEmpty()) {
            to.add(name);
        }
    }

    private synchronized void record(Sample s) {
        samples.add(s);
    }

    private CompletableFuture<String> primary(Hosts.Host n) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + n.address() + ":" + ChaosCluster.REST_PORT
                + "/primary")).timeout(TIMEOUT).GET().build();
        return cluster.http().sendAsync(req, HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> r != null && r.statusCode() == 200 ? n.name() : "");
    }

    /** The leader key's value from the first etcd member with quorum to answer; null when there is no key. */
    private CompletableFuture<String> holder() {
        CompletableFuture<String> result = new CompletableFuture<>();
        List<CompletableFuture<Void>> tries = new ArrayList<>();
        for (Hosts.Host e : cluster.etcds) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + e.address() + ":2379/v3/kv/range"))
                    .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + leaderKey + "\"}"))
                    .build();
            tries.add(cluster.http().sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                if (r.statusCode() != 200) {
                    return;
                }
                try {
                    JsonNode kvs = JSON.readTree(r.body()).path("kvs");
                    result.complete(kvs.isEmpty() ? null
                            : new String(Base64.getDecoder().decode(kvs.get(0).path("value").asText()),
                                    StandardCharsets.UTF_8));
                } catch (Exception ex) {
                    // not an answer
                }
            }));
        }
        CompletableFuture.allOf(tries.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> result.complete(UNKNOWN));
        return result;
    }

    /** Samples taken from {@code fromNanos} on. */
    synchronized List<Sample> since(long fromNanos) {
        return samples.stream().filter(s -> s.nanos() >= fromNanos).sorted((a, b) -> Long.compare(a.nanos(), b.nanos()))
                .toList();
    }

    /** Forgets samples older than {@code nanos} (a round's evidence is kept until the round is judged). */
    synchronized void forgetBefore(long nanos) {
        samples.removeIf(s -> s.nanos() < nanos);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        probes.values().forEach(NodeProbe::close);
    }

    /** One PostgreSQL, probed on its own thread and connection: a probe still running counts as no answer. */
    private static final class NodeProbe {
        private final Hosts.Host node;
        private final ExecutorService thread;
        private final AtomicBoolean busy = new AtomicBoolean();
        private Connection connection;

        NodeProbe(Hosts.Host node) {
            this.node = node;
            this.thread = Executors.newSingleThreadExecutor(r -> daemon(r, "observer-" + node.name()));
        }

        CompletableFuture<String> writable() {
            if (!busy.compareAndSet(false, true)) {
                return CompletableFuture.completedFuture("");
            }
            CompletableFuture<String> f = CompletableFuture.supplyAsync(this::probe, thread);
            f.whenComplete((v, e) -> busy.set(false));
            return f.completeOnTimeout("", TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private String probe() {
            try {
                if (connection == null) {
                    connection = ChaosWriter.connect(ChaosCluster.directUrl(node), 1);
                }
                try (Statement s = connection.createStatement()) {
                    try (ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_is_in_recovery()")) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            return "";
                        }
                    }
                    s.executeUpdate("INSERT INTO chaos_scratch DEFAULT VALUES");
                    return node.name();
                }
            } catch (SQLException e) {
                close();
                return "";
            }
        }

        void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // broken already
                }
                connection = null;
            }
        }
    }
}
