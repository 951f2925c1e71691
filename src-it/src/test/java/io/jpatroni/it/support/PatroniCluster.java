package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Patroni cluster (Debian's {@code /usr/bin/patroni}, override with {@code -Dpatroni.binary}) on its own etcd
 * (or ZooKeeper):
 * {@code size} nodes with the same YAML as the jpatroni test nodes ({@link NodeConfig}) but the
 * {@link Timings#PATRONI} timings. Run it with {@link ClusterExtension}: {@link #close()} sends SIGTERM to every node,
 * waits, then makes sure no postmaster is left behind.
 */
public final class PatroniCluster implements TestCluster {
    private static final String BINARY = System.getProperty("patroni.binary", "/usr/bin/patroni");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String scope;
    private final Path dir;
    private final DcsServers dcs;
    private final List<NodeConfig> configs = new ArrayList<>();
    private final Map<String, String> yamls = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::close, "patroni-cleanup");

    private PatroniCluster(String scope, Path dir, DcsServers dcs) {
        this.scope = scope;
        this.dir = dir;
        this.dcs = dcs;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts etcd and {@code size} Patroni nodes; a test that needs them is skipped where Patroni is not installed. */
    public static PatroniCluster start(String scope, int size) {
        return start(scope, size, NodeConfig::yaml);
    }

    /** Like {@link #start(String, int)}, each node's YAML made by {@code yamlOf} from its ports and directories. */
    public static PatroniCluster start(String scope, int size, java.util.function.Function<NodeConfig, String> yamlOf) {
        assumeTrue(available(), BINARY + " is not installed");
        return start(scope, size, EtcdCluster.start(1), yamlOf);
    }

    /** {@code size} Patroni nodes on {@code dcs} (etcd or ZooKeeper), which the cluster closes. */
    public static PatroniCluster start(String scope, int size, DcsServers dcs) {
        return start(scope, size, dcs, NodeConfig::yaml);
    }

    /** {@code size} Patroni nodes on {@code dcs}, each node's YAML made by {@code yamlOf}. */
    public static PatroniCluster start(String scope, int size, DcsServers dcs,
                                       java.util.function.Function<NodeConfig, String> yamlOf) {
        if (!available()) {
            dcs.close();
        }
        assumeTrue(available(), BINARY + " is not installed");
        PatroniCluster c;
        try {
            c = new PatroniCluster(scope, Files.createTempDirectory("patroni-it-" + scope + "-"), dcs);
        } catch (IOException e) {
            dcs.close();
            throw new IllegalStateException(e);
        }
        try {
            for (int i = 1; i <= size; i++) {
                NodeConfig cfg = new NodeConfig(scope, "node" + i, c.dir.resolve("node" + i), FreePorts.next(),
                        FreePorts.next(), c.dcs, Timings.PATRONI);
                c.configs.add(cfg);
                c.yamls.put(cfg.name(), yamlOf.apply(cfg));
                c.launch(cfg);
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private synchronized void launch(NodeConfig cfg) {
        try {
            Files.createDirectories(cfg.dir());
            Files.writeString(cfg.configFile(), yamls.getOrDefault(cfg.name(), cfg.yaml()));
            ProcessBuilder pb = new ProcessBuilder(BINARY, cfg.configFile().toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(cfg).toFile()));
            processes.put(cfg.name(), pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start patroni " + cfg.name(), e);
        }
    }

    private static Path log(NodeConfig cfg) {
        return cfg.dir().resolve("patroni.log");
    }

    public String scope() {
        return scope;
    }

    public List<NodeConfig> nodes() {
        return List.copyOf(configs);
    }

    public DcsServers dcs() {
        return dcs;
    }

    /** The cluster's etcd (it must run on etcd). */
    public EtcdCluster etcd() {
        if (dcs instanceof EtcdCluster etcd) {
            return etcd;
        }
        throw new IllegalStateException("this cluster runs on " + dcs.section());
    }

    @Override
    public Path dir() {
        return dir;
    }

    /** {@code GET path} on a node's REST API: status and body, or empty when it does not answer. */
    public static Optional<HttpResponse<String>> get(NodeConfig node, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort() + path))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return Optional.of(HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** HTTP status of {@code GET path} on a node's REST API, -1 when it does not answer. */
    public static int status(NodeConfig node, String path) {
        return get(node, path).map(HttpResponse::statusCode).orElse(-1);
    }

    /** The only node answering 200 on {@code /primary}, if exactly one does. */
    public Optional<NodeConfig> leader() {
        List<NodeConfig> primaries = configs.stream().filter(n -> status(n, "/primary") == 200).toList();
        return primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
    }

    /** Waits for one primary streaming to every other node, each answering 200 on {@code /replica}; the primary. */
    public NodeConfig awaitHealthy(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            NodeConfig leader = leader().orElseThrow(() -> new AssertionError("no single primary yet"));
            int streaming = StatusJson.streamingReplicas(get(leader, "/patroni").orElseThrow().body());
            if (streaming != configs.size() - 1) {
                throw new AssertionError("leader " + leader.name() + " has " + streaming + " streaming replicas");
            }
            long replicas = configs.stream().filter(n -> n != leader && status(n, "/replica") == 200).count();
            if (replicas != configs.size() - 1) {
                throw new AssertionError(replicas + " healthy replicas");
            }
        });
        return leader().orElseThrow();
    }

    @Override
    public void restoreHealth(Duration timeout) {
        dcs.restoreHealth(timeout);
        synchronized (this) {
            for (NodeConfig n : configs) {
                Process p = processes.get(n.name());
                if (p == null || !p.isAlive()) {
                    launch(n);
                }
            }
        }
        awaitHealthy(timeout);
    }

    @Override
    public String logs(int lines) {
        StringBuilder sb = new StringBuilder();
        for (NodeConfig n : configs) {
            sb.append("===== ").append(n.name()).append('\n').append(Processes.tail(log(n), lines)).append('\n');
        }
        return sb.append(dcs.logs(lines)).toString();
    }

    /** The pid of {@code name}'s Patroni process. */
    public synchronized long pid(String name) {
        return processes.get(name).pid();
    }

    /** kill -9 of a node's Patroni and of its postmaster, as a power cut would. */
    public synchronized void killHard(String name) {
        NodeConfig n = configs.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        postmasterPid(n).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        Process p = processes.remove(name);
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts a node's Patroni again (after {@link #killHard}). */
    public synchronized void start(String name) {
        launch(configs.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow());
    }

    /** SIGTERM to every node, and wait for each to exit (the DCS keeps running). */
    public synchronized void stopNodes() {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(40, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        for (NodeConfig n : configs) {
            postmasterPid(n).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Override
    public void deleteFiles() {
        EtcdCluster.deleteRecursively(dir);
    }

    @Override
    public synchronized void close() {
        stopNodes();
        dcs.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private static Optional<Long> postmasterPid(NodeConfig n) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(n.dataDir().resolve("postmaster.pid")).get(0)
                    .trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
