package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A DCS (etcd, or ZooKeeper) + N real jpatroni nodes (+ HAProxy when asked) on loopback, in a temp directory, as the
 * test's unprivileged user. Everything is stopped by {@link #close()}, even after a failure.
 */
public final class JPatroniCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String scope;
    private final Path dir;
    private final DcsServers dcs;
    private final List<JPatroniNode> nodes = new ArrayList<>();
    private HaProxy haproxy;

    private JPatroniCluster(String scope, Path dir, DcsServers dcs) {
        this.scope = scope;
        this.dir = dir;
        this.dcs = dcs;
    }

    /** Starts etcd and {@code size} nodes with the benchmark timings (ttl 10, loop_wait 1, retry_timeout 3). */
    public static JPatroniCluster start(String scope, int size) {
        return start(scope, size, NodeConfig::yaml);
    }

    /** Like {@link #start(String, int)}, each node's YAML made by {@code yamlOf} from its ports and directories. */
    public static JPatroniCluster start(String scope, int size, Function<NodeConfig, String> yamlOf) {
        JPatroniCluster c = withoutNodes(scope);
        for (int i = 1; i <= size; i++) {
            NodeConfig cfg = c.newNodeConfig("node" + i);
            c.add(new JPatroniNode(cfg, yamlOf.apply(cfg))).start();
        }
        return c;
    }

    /**
     * The same cluster with TLS and client certificates on every TCP connection (REST API and PostgreSQL), the
     * certificates made by openssl under the cluster's directory ({@link NodeConfig}, {@link ClusterCerts}).
     */
    public static JPatroniCluster startWithTls(String scope, int size) {
        JPatroniCluster c = withoutNodes(scope);
        ClusterCerts certs = ClusterCerts.generate(c.dir.resolve("tls"));
        for (int i = 1; i <= size; i++) {
            c.add(new JPatroniNode(c.newNodeConfig("node" + i).withTls(certs))).start();
        }
        return c;
    }

    /** Starts etcd only: the test adds nodes, started its own way, with {@link #add}. */
    public static JPatroniCluster withoutNodes(String scope) {
        return withoutNodes(scope, EtcdCluster.start(1));
    }

    /** A cluster on {@code dcs} (which it closes), without nodes yet: the test adds them with {@link #add}. */
    public static JPatroniCluster withoutNodes(String scope, DcsServers dcs) {
        try {
            Path dir = Files.createTempDirectory("jpatroni-it-" + scope + "-");
            return new JPatroniCluster(scope, dir, dcs);
        } catch (IOException e) {
            dcs.close();
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} nodes (node1, node2...) on {@code dcs}, which the cluster closes. */
    public static JPatroniCluster start(String scope, int size, DcsServers dcs) {
        return start(scope, size, dcs, NodeConfig::yaml);
    }

    /** {@code size} nodes on {@code dcs} (closed with the cluster), each node's YAML made by {@code yamlOf}. */
    public static JPatroniCluster start(String scope, int size, DcsServers dcs, Function<NodeConfig, String> yamlOf) {
        JPatroniCluster c = withoutNodes(scope, dcs);
        try {
            for (int i = 1; i <= size; i++) {
                NodeConfig cfg = c.newNodeConfig("node" + i);
                c.add(new JPatroniNode(cfg, yamlOf.apply(cfg))).start();
            }
            return c;
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** Ports and directories for a new node of this cluster (benchmark timings); nothing is started. */
    public NodeConfig newNodeConfig(String name) {
        return new NodeConfig(scope, name, dir.resolve(name), FreePorts.next(), FreePorts.next(), dcs, 10, 1, 3);
    }

    /** Makes {@code node} part of the cluster (waited for by {@link #awaitHealthy}, stopped by {@link #close}). */
    public JPatroniNode add(JPatroniNode node) {
        nodes.add(node);
        return node;
    }

    public JPatroniCluster withHaProxy() {
        haproxy = HaProxy.start(dir.resolve("haproxy"), nodes.stream().map(JPatroniNode::config).toList());
        return this;
    }

    public HaProxy haproxy() {
        return haproxy;
    }

    /** The cluster's etcd (it must run on etcd). */
    public EtcdCluster etcd() {
        if (dcs instanceof EtcdCluster etcd) {
            return etcd;
        }
        throw new IllegalStateException("this cluster runs on " + dcs.section());
    }

    public DcsServers dcs() {
        return dcs;
    }

    public List<JPatroniNode> nodes() {
        return List.copyOf(nodes);
    }

    public JPatroniNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    public Path dir() {
        return dir;
    }

    /** The node whose /patroni says it runs as the primary, if exactly one does. */
    public Optional<JPatroniNode> leader() {
        List<JPatroniNode> primaries = nodes.stream().filter(n -> n.status("/primary") == 200).toList();
        return primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
    }

    public List<JPatroniNode> replicas() {
        return nodes.stream().filter(n -> n.status("/replica") == 200).toList();
    }

    /** Waits for one primary streaming to every other running node, each of which answers /replica 200. */
    public JPatroniNode awaitHealthy(Duration timeout) {
        long running = nodes.stream().filter(JPatroniNode::isAlive).count();
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JPatroniNode leader = leader().orElseThrow(() -> new AssertionError("no single primary yet"));
            int streaming = streamingReplicas(leader);
            if (streaming != running - 1) {
                throw new AssertionError("leader " + leader.name() + " has " + streaming + " streaming replicas");
            }
            for (JPatroniNode n : nodes) {
                if (n != leader && n.isAlive() && n.status("/replica") != 200) {
                    throw new AssertionError(n.name() + " is not a healthy replica yet");
                }
            }
        });
        return leader().orElseThrow();
    }

    public static int streamingReplicas(JPatroniNode leader) throws IOException {
        String body = leader.get("/patroni").orElseThrow().body();
        JsonNode replication = JSON.readTree(body).path("replication");
        int n = 0;
        for (JsonNode r : replication) {
            if ("streaming".equals(r.path("state").asText())) {
                n++;
            }
        }
        return n;
    }

    /** Waits until HAProxy routes writes (its checks run every second), creating the writer's table. */
    public void awaitWritableThroughHaProxy() {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> Writer.createTable(haproxy.writeUrl()));
    }

    /** The node logs and the DCS servers' logs, for failure messages. */
    public String logs(int lines) {
        StringBuilder sb = new StringBuilder();
        for (JPatroniNode n : nodes) {
            sb.append("===== ").append(n.name()).append('\n').append(n.logTail(lines)).append('\n');
        }
        return sb.append(dcs.logs(Math.min(lines, 30))).toString();
    }

    @Override
    public void close() {
        for (JPatroniNode n : nodes) {
            n.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        dcs.close();
    }
}
