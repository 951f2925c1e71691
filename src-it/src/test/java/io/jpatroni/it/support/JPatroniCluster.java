package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A DCS (etcd unless told otherwise, or ZooKeeper) + N real jpatroni nodes (+ HAProxy when asked) on loopback, in a
 * temp directory, as the test's unprivileged user, with the {@link Timings#JPATRONI} timings. Run it with
 * {@link ClusterExtension}; everything is stopped by {@link #close()}, even after a failure.
 */
public final class JPatroniCluster implements TestCluster {
    private final String scope;
    private final Path dir;
    private final DcsServers dcs;
    private final List<JPatroniNode> nodes = new ArrayList<>();
    private final Map<String, TcpProxy> dcsProxies = new LinkedHashMap<>();
    private HaProxy haproxy;

    private JPatroniCluster(String scope, Path dir, DcsServers dcs) {
        this.scope = scope;
        this.dir = dir;
        this.dcs = dcs;
    }

    /** Starts etcd and {@code size} nodes named node1, node2... */
    public static JPatroniCluster start(String scope, int size) {
        return start(scope, size, NodeConfig::yaml);
    }

    /** Like {@link #start(String, int)}, each node's YAML made by {@code yamlOf} from its ports and directories. */
    public static JPatroniCluster start(String scope, int size, Function<NodeConfig, String> yamlOf) {
        return start(scope, size, EtcdCluster.start(1), yamlOf);
    }

    /** {@code size} nodes (node1, node2...) on {@code dcs}, which the cluster closes. */
    public static JPatroniCluster start(String scope, int size, DcsServers dcs) {
        return start(scope, size, dcs, NodeConfig::yaml);
    }

    /** {@code size} nodes on {@code dcs} (closed with the cluster), each node's YAML made by {@code yamlOf}. */
    public static JPatroniCluster start(String scope, int size, DcsServers dcs, Function<NodeConfig, String> yamlOf) {
        JPatroniCluster c = withoutNodes(scope, dcs);
        return c.closedOnFailure(() -> {
            for (int i = 1; i <= size; i++) {
                NodeConfig cfg = c.newNodeConfig("node" + i);
                c.add(new JPatroniNode(cfg, yamlOf.apply(cfg))).start();
            }
        });
    }

    /**
     * {@code size} nodes on a one-server {@code dcs} (closed with the cluster), each reaching it through a
     * {@link TcpProxy} of its own ({@link #dcsProxy}), so that a test can cut one node from the DCS; the proxies are
     * healed again by {@link #restoreHealth}.
     */
    public static JPatroniCluster startBehindDcsProxies(String scope, int size, DcsServers dcs) {
        JPatroniCluster c = withoutNodes(scope, dcs);
        return c.closedOnFailure(() -> {
            for (int i = 1; i <= size; i++) {
                TcpProxy proxy = TcpProxy.start(dcs.hosts().get(0));
                NodeConfig cfg = c.newNodeConfig("node" + i).withDcsHosts(List.of(proxy.address()));
                c.dcsProxies.put(cfg.name(), proxy);
                c.add(new JPatroniNode(cfg)).start();
            }
        });
    }

    /**
     * The same cluster with TLS and client certificates on every TCP connection (REST API and PostgreSQL), the
     * certificates made by openssl under the cluster's directory ({@link NodeConfig}, {@link ClusterCerts}).
     */
    public static JPatroniCluster startWithTls(String scope, int size) {
        JPatroniCluster c = withoutNodes(scope);
        return c.closedOnFailure(() -> {
            ClusterCerts certs = ClusterCerts.generate(c.dir.resolve("tls"));
            for (int i = 1; i <= size; i++) {
                c.add(new JPatroniNode(c.newNodeConfig("node" + i).withTls(certs))).start();
            }
        });
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

    /** Ports and directories for a new node of this cluster; nothing is started. */
    public NodeConfig newNodeConfig(String name) {
        return newNodeConfig(scope, name);
    }

    /** Ports and directories for a node of another cluster ({@code scope}) in the same DCS; nothing is started. */
    public NodeConfig newNodeConfig(String scope, String name) {
        return new NodeConfig(scope, name, dir.resolve(name), FreePorts.next(), FreePorts.next(), dcs,
                Timings.JPATRONI);
    }

    /** Makes {@code node} part of the cluster (waited for by {@link #awaitHealthy}, stopped by {@link #close}). */
    public JPatroniNode add(JPatroniNode node) {
        nodes.add(node);
        return node;
    }

    /** Starts HAProxy in front of the nodes there are now. */
    public JPatroniCluster withHaProxy() {
        return closedOnFailure(() -> haproxy = HaProxy.start(dir.resolve("haproxy"),
                nodes.stream().map(JPatroniNode::config).toList()));
    }

    /** This cluster once {@code step} has run; closed, and the failure thrown, if it fails. */
    private JPatroniCluster closedOnFailure(Runnable step) {
        try {
            step.run();
            return this;
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
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

    /** The cluster's ZooKeeper (it must run on ZooKeeper). */
    public ZooKeeperEnsemble zookeeper() {
        if (dcs instanceof ZooKeeperEnsemble zookeeper) {
            return zookeeper;
        }
        throw new IllegalStateException("this cluster runs on " + dcs.section());
    }

    /** The proxy between {@code node} and the DCS, for a cluster started {@link #startBehindDcsProxies}. */
    public TcpProxy dcsProxy(JPatroniNode node) {
        TcpProxy proxy = dcsProxies.get(node.name());
        if (proxy == null) {
            throw new IllegalStateException(node.name() + " reaches the DCS without a proxy");
        }
        return proxy;
    }

    public String scope() {
        return scope;
    }

    public List<JPatroniNode> nodes() {
        return List.copyOf(nodes);
    }

    public JPatroniNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
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

    public static int streamingReplicas(JPatroniNode leader) {
        return StatusJson.streamingReplicas(leader.get("/patroni").orElseThrow().body());
    }

    @Override
    public void restoreHealth(Duration timeout) {
        dcs.restoreHealth(timeout);
        dcsProxies.values().forEach(TcpProxy::restore);
        if (nodes.isEmpty()) {
            return;
        }
        nodes.stream().filter(n -> !n.isAlive()).forEach(JPatroniNode::start);
        JPatroniNode leader = awaitHealthy(timeout);
        if (haproxy != null) {
            haproxy.awaitRouting(leader.config().pgPort(), nodes.size() > 1);
        }
    }

    @Override
    public String logs(int lines) {
        StringBuilder sb = new StringBuilder();
        for (JPatroniNode n : nodes) {
            sb.append("===== ").append(n.name()).append('\n').append(n.logTail(lines)).append('\n');
        }
        sb.append(dcs.logs(lines));
        if (haproxy != null) {
            sb.append("===== haproxy\n").append(haproxy.logTail(lines)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void deleteFiles() {
        EtcdCluster.deleteRecursively(dir);
    }

    @Override
    public void close() {
        for (JPatroniNode n : nodes) {
            n.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        dcsProxies.values().forEach(TcpProxy::close);
        dcs.close();
    }
}
