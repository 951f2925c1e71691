package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One cluster on one etcd whose nodes each run either the real Patroni ({@code /usr/bin/patroni}) or jpatroni
 * ({@code bin/jpatroni}) on the same YAML file and data directory, and can be switched from one to the other:
 * {@link #stop} sends the node's agent SIGTERM (it stops its PostgreSQL), {@link #start} starts either one.
 * Timings are Patroni's ({@link Timings#PATRONI}); pg_hba lets the replication user replicate and nothing else. Each
 * agent logs to {@code <node dir>/patroni.log} or {@code jpatroni.log}; {@link #logs} prints the tail of both. Run
 * it with {@link ClusterExtension}.
 */
public final class MixedCluster implements TestCluster {
    private static final String PATRONI = System.getProperty("patroni.binary", "/usr/bin/patroni");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Which daemon runs a node. */
    public enum Impl {
        PATRONI("P", "patroni.log"), JPATRONI("J", "jpatroni.log");

        private final String letter;
        private final String logFile;

        Impl(String letter, String logFile) {
            this.letter = letter;
            this.logFile = logFile;
        }

        public String letter() {
            return letter;
        }
    }

    private record Agent(Impl impl, Process process) {
    }

    private final Path dir;
    private final EtcdCluster etcd;
    private final List<NodeConfig> nodes = new ArrayList<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Impl> lastRun = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final Map<String, java.util.function.UnaryOperator<String>> yamlEdits = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::close, "mixed-cluster-cleanup");
    private HaProxy haproxy;

    private MixedCluster(Path dir, EtcdCluster etcd) {
        this.dir = dir;
        this.etcd = etcd;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static boolean patroniAvailable() {
        return Files.isExecutable(Path.of(PATRONI));
    }

    /** Starts etcd and one Patroni node per name; a test that needs them is skipped where Patroni is not installed. */
    public static MixedCluster startPatroni(String scope, List<String> names) {
        assumeTrue(patroniAvailable(), PATRONI + " is not installed");
        return start(scope, names, Impl.PATRONI);
    }

    /** Starts etcd and one node per name, each running {@code impl} (the benchmark runs both on the same setup). */
    public static MixedCluster start(String scope, List<String> names, Impl impl) {
        MixedCluster c;
        try {
            c = new MixedCluster(Files.createTempDirectory("mixed-it-" + scope + "-"), EtcdCluster.start(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            for (int i = 0; i < names.size(); i++) {
                NodeConfig cfg = new NodeConfig(scope, names.get(i), c.dir.resolve("node" + (i + 1)),
                        FreePorts.next(), FreePorts.next(), c.etcd.hosts(), Timings.PATRONI);
                c.nodes.add(cfg);
                c.launch(cfg, impl);
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * The test YAML with pg_hba as Patroni deployments write it: the replication user may only open replication
     * connections (its own line), the other users reach databases.
     */
    static String yaml(NodeConfig cfg) {
        String open = "  - host all all 127.0.0.1/32 md5\n";
        String yaml = cfg.yaml();
        if (!yaml.contains(open)) {
            throw new IllegalStateException("NodeConfig's pg_hba changed; adapt MixedCluster.yaml:\n" + yaml);
        }
        return yaml.replace(open, "  - host all postgres,rewind_user 127.0.0.1/32 md5\n");
    }

    private synchronized void launch(NodeConfig cfg, Impl impl) {
        try {
            Files.createDirectories(cfg.dir());
            Files.writeString(cfg.configFile(), yamlEdits.getOrDefault(cfg.name(), y -> y).apply(yaml(cfg)));
            String binary = impl == Impl.PATRONI ? PATRONI : Repo.path("bin/jpatroni").toString();
            ProcessBuilder pb = new ProcessBuilder(binary, cfg.configFile().toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(cfg.dir().resolve(impl.logFile).toFile()));
            agents.put(cfg.name(), new Agent(impl, pb.start()));
            lastRun.put(cfg.name(), impl);
            events.add(LocalTime.now() + " " + cfg.name() + ": started " + impl);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + impl + " on " + cfg.name(), e);
        }
    }

    /**
     * From the node's next start on, its YAML is {@code edit} applied to the test YAML (tags, say); the identity
     * puts the test YAML back.
     */
    public synchronized void editYaml(NodeConfig node, java.util.function.UnaryOperator<String> edit) {
        yamlEdits.put(node.name(), edit);
    }

    /** Starts {@code impl} on a stopped node's YAML and data directory. */
    public void start(NodeConfig node, Impl impl) {
        if (agents.containsKey(node.name())) {
            throw new IllegalStateException(node.name() + " runs " + impl(node));
        }
        launch(node, impl);
    }

    /**
     * Stops the node's agent with SIGTERM (it stops PostgreSQL and leaves the cluster, as an operator's
     * {@code systemctl stop} does) and waits for it to exit; returns its exit code.
     */
    public synchronized int stop(NodeConfig node) {
        Agent a = agents.remove(node.name());
        if (a == null) {
            throw new IllegalStateException(node.name() + " is not running");
        }
        a.process().destroy();
        try {
            if (!a.process().waitFor(60, TimeUnit.SECONDS)) {
                a.process().destroyForcibly().waitFor();
                throw new IllegalStateException(a.impl() + " on " + node.name()
                        + " did not exit within 60 s of SIGTERM");
            }
            int exit = a.process().exitValue();
            events.add(LocalTime.now() + " " + node.name() + ": " + a.impl() + " exited " + exit);
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kill -9 of the node's agent and of its postmaster, as a power cut of the node would. */
    public synchronized void killHard(NodeConfig node) {
        Agent a = agents.remove(node.name());
        if (a == null) {
            throw new IllegalStateException(node.name() + " is not running");
        }
        postmasterPid(node).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        a.process().destroyForcibly();
        try {
            a.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.add(LocalTime.now() + " " + node.name() + ": " + a.impl() + " killed with SIGKILL");
    }

    public List<NodeConfig> nodes() {
        return List.copyOf(nodes);
    }

    /** The pid of the node's agent (Patroni's python, or jpatroni's JVM). */
    public synchronized long pid(NodeConfig node) {
        Agent a = agents.get(node.name());
        if (a == null) {
            throw new IllegalStateException(node.name() + " is not running");
        }
        return a.process().pid();
    }

    public NodeConfig node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    /** Which daemon runs the node (empty while it is stopped). */
    public synchronized Optional<Impl> impl(NodeConfig node) {
        return Optional.ofNullable(agents.get(node.name())).map(Agent::impl);
    }

    public List<NodeConfig> running(Impl impl) {
        return nodes.stream().filter(n -> impl(n).filter(impl::equals).isPresent()).toList();
    }

    /** {@code P J -}: which daemon runs each node, in node order ({@code -} when stopped). */
    public String shape() {
        return String.join(" ", nodes.stream().map(n -> impl(n).map(Impl::letter).orElse("-")).toList());
    }

    public EtcdCluster etcd() {
        return etcd;
    }

    /** Starts HAProxy in front of the nodes, as {@link JPatroniCluster#withHaProxy} does. */
    public MixedCluster withHaProxy() {
        try {
            haproxy = HaProxy.start(dir.resolve("haproxy"), nodes);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public HaProxy haproxy() {
        return haproxy;
    }

    @Override
    public Path dir() {
        return dir;
    }

    /** GET on a node's REST API: status and body, empty when it does not answer. */
    public static Optional<HttpResponse<String>> get(NodeConfig node, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.restPort() + path))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return Optional.of(HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public static int status(NodeConfig node, String path) {
        return get(node, path).map(HttpResponse::statusCode).orElse(-1);
    }

    /** The only node answering 200 on {@code /primary}, if exactly one does. */
    public Optional<NodeConfig> leader() {
        List<NodeConfig> primaries = nodes.stream().filter(n -> status(n, "/primary") == 200).toList();
        return primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
    }

    /**
     * Waits for one primary streaming to both other nodes (its {@code /patroni} replication rows), each of which
     * answers {@code /replica} 200; returns the primary.
     */
    public NodeConfig awaitHealthy(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            NodeConfig leader = leader().orElseThrow(() -> new AssertionError("no single primary yet"));
            int streaming = streamingReplicas(leader);
            if (streaming != nodes.size() - 1) {
                throw new AssertionError("leader " + leader.name() + " streams to " + streaming + " replicas");
            }
            for (NodeConfig n : nodes) {
                if (n != leader && status(n, "/replica") != 200) {
                    throw new AssertionError(n.name() + " is not a healthy replica yet");
                }
            }
        });
        return leader().orElseThrow();
    }

    private static int streamingReplicas(NodeConfig leader) {
        return StatusJson.streamingReplicas(get(leader, "/patroni")
                .orElseThrow(() -> new AssertionError(leader.name() + " is silent")).body());
    }

    /** Starts every stopped node again with the daemon it ran last, and waits for health and HAProxy's routing. */
    @Override
    public void restoreHealth(Duration timeout) {
        etcd.restoreHealth(timeout);   // a test may have stopped etcd (FailsafeMixedIT)
        for (NodeConfig n : nodes) {
            if (impl(n).isEmpty()) {
                launch(n, lastRun.get(n.name()));
            }
        }
        NodeConfig leader = awaitHealthy(timeout);
        if (haproxy != null) {
            haproxy.awaitRouting(leader.pgPort(), true);
        }
    }

    /**
     * The shape ({@code P J -}) and what happened (agents started and stopped), then the last {@code lines} of each
     * node's Patroni and jpatroni logs, etcd's and HAProxy's.
     */
    @Override
    public synchronized String logs(int lines) {
        StringBuilder sb = new StringBuilder("===== agents, now ").append(shape()).append('\n');
        events.forEach(e -> sb.append(e).append('\n'));
        for (NodeConfig n : nodes) {
            for (Impl impl : Impl.values()) {
                Path log = n.dir().resolve(impl.logFile);
                if (Files.exists(log)) {
                    sb.append("===== ").append(n.name()).append(' ').append(log.getFileName()).append('\n')
                            .append(Processes.tail(log, lines)).append('\n');
                }
            }
        }
        sb.append(etcd.logs(lines));
        if (haproxy != null) {
            sb.append("===== haproxy\n").append(haproxy.logTail(lines)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        for (NodeConfig n : nodes) {
            if (agents.containsKey(n.name())) {
                try {
                    stop(n);
                } catch (RuntimeException e) {
                    // forcibly killed; its postmaster is handled below
                }
            }
        }
        for (NodeConfig n : nodes) {
            postmasterPid(n).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (haproxy != null) {
            haproxy.close();
        }
        etcd.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    /** Removes the cluster's directory (data directories, logs, YAML): about 1 GB after many timeline switches. */
    @Override
    public void deleteFiles() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
