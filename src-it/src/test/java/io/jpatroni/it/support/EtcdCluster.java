package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real {@code etcd} processes (default {@code /usr/bin/etcd}, override with {@code -Detcd.binary})
 * on free loopback ports with a temporary data dir, run by {@link ClusterExtension} as jetcd's
 * {@code EtcdClusterExtension} runs its cluster. Members can be stopped and started again to test endpoint failover.
 * {@link #close()} kills every process and deletes the data; a JVM shutdown hook does the same if a test run is
 * aborted.
 */
public final class EtcdCluster implements DcsServers {
    /** Patroni's section for etcd's v3 API. */
    public static final String SECTION = "etcd3";

    private static final String BINARY = System.getProperty("etcd.binary", "/usr/bin/etcd");
    private static final String ETCDCTL = System.getProperty("etcdctl.binary", "/usr/bin/etcdctl");

    private final Path dir;
    private final List<Node> nodes = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "etcd-cleanup");
    private final boolean tls;

    private static final class Node {
        final String name;
        final int clientPort;
        final int peerPort;
        Process process;

        Node(String name) {
            this.name = name;
            this.clientPort = FreePorts.next();
            this.peerPort = FreePorts.next();
        }
    }

    private EtcdCluster(int size, TlsFiles tlsFiles) {
        this.tls = tlsFiles != null;
        try {
            dir = Files.createTempDirectory("jpatroni-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < size; i++) {
            nodes.add(new Node("e" + i));
        }
        Runtime.getRuntime().addShutdownHook(hook);
        this.tlsFiles = tlsFiles;
    }

    private final TlsFiles tlsFiles;

    /** Starts {@code size} members and waits until the cluster is healthy. */
    public static EtcdCluster start(int size) {
        return start(size, null);
    }

    /** Same, serving clients over https with {@code tlsFiles} (server cert; client certs optional). */
    public static EtcdCluster start(int size, TlsFiles tlsFiles) {
        EtcdCluster c = new EtcdCluster(size, tlsFiles);
        try {
            for (int i = 0; i < size; i++) {
                c.launch(i, true);
            }
            for (int i = 0; i < size; i++) {
                c.awaitHealthy(i);
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public int size() {
        return nodes.size();
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public String section() {
        return SECTION;
    }

    /** {@code 127.0.0.1:port} of every member, as Patroni's {@code etcd3.hosts}. */
    @Override
    public List<String> hosts() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.clientPort).toList();
    }

    public String host(int i) {
        return "127.0.0.1:" + nodes.get(i).clientPort;
    }

    public String clientUrl(int i) {
        return (tls ? "https" : "http") + "://" + host(i);
    }

    /** Stops member {@code i} (SIGKILL) keeping its data. */
    public void stop(int i) {
        Node n = nodes.get(i);
        if (n.process != null) {
            n.process.destroyForcibly();
            try {
                n.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            n.process = null;
        }
    }

    /**
     * Freezes member {@code i} (SIGSTOP): its sockets stay open and every request to it hangs until it times out, as
     * a stalled or cut-off etcd behaves, unlike a stopped one that refuses connections at once.
     */
    public void freeze(int i) {
        signal(i, "-STOP");
    }

    /** Undoes {@link #freeze} (SIGCONT); harmless for a member that runs. */
    public void thaw(int i) {
        signal(i, "-CONT");
    }

    private void signal(int i, String signal) {
        Process p = nodes.get(i).process;
        if (p != null) {
            Processes.run(new ProcessBuilder("kill", signal, Long.toString(p.pid())), Duration.ofSeconds(5));
        }
    }

    /** Restarts a stopped member from its data dir and waits until it is healthy. */
    public void restart(int i) {
        launch(i, false);
        awaitHealthy(i);
    }

    /** Starts again every member a test stopped, each waited for until healthy. */
    @Override
    public void restoreHealth(Duration timeout) {
        for (int i = 0; i < nodes.size(); i++) {
            thaw(i);
            if (nodes.get(i).process == null) {
                restart(i);
            }
        }
    }

    /** Runs {@code etcdctl} against all members; returns stdout, throws on a non-zero exit. */
    public String etcdctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ETCDCTL, "--endpoints=" + nodes.stream()
                .map(n -> (tls ? "https" : "http") + "://127.0.0.1:" + n.clientPort).collect(Collectors.joining(","))));
        if (tls) {
            cmd.add("--cacert=" + tlsFiles.ca());
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        return Processes.run(pb, Duration.ofSeconds(20));
    }

    /** Nothing left to delete: {@link #close()} deletes the data (the log tails are in any failure). */
    @Override
    public void deleteFiles() {
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    private void killAll() {
        for (int i = 0; i < nodes.size(); i++) {
            stop(i);
        }
        deleteRecursively(dir);
    }

    private void launch(int i, boolean fresh) {
        Node n = nodes.get(i);
        String scheme = tls ? "https" : "http";
        String initialCluster = nodes.stream().map(m -> m.name + "=http://127.0.0.1:" + m.peerPort)
                .collect(Collectors.joining(","));
        List<String> cmd = new ArrayList<>(List.of(BINARY,
                "--name=" + n.name,
                "--data-dir=" + dir.resolve(n.name + ".data"),
                "--listen-client-urls=" + scheme + "://127.0.0.1:" + n.clientPort,
                "--advertise-client-urls=" + scheme + "://127.0.0.1:" + n.clientPort,
                "--listen-peer-urls=http://127.0.0.1:" + n.peerPort,
                "--initial-advertise-peer-urls=http://127.0.0.1:" + n.peerPort,
                "--initial-cluster=" + initialCluster,
                "--initial-cluster-state=new",
                "--initial-cluster-token=" + dir.getFileName(),
                "--heartbeat-interval=50",
                "--election-timeout=500",
                "--logger=zap",
                "--log-level=warn"));
        if (tls) {
            cmd.add("--cert-file=" + tlsFiles.serverCert());
            cmd.add("--key-file=" + tlsFiles.serverKey());
            cmd.add("--trusted-ca-file=" + tlsFiles.ca());
            if (tlsFiles.clientCertRequired()) {
                cmd.add("--client-cert-auth");
            }
        }
        try {
            n.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(n.name + ".log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    private void awaitHealthy(int i) {
        Node n = nodes.get(i);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .failFast(() -> {
                    if (n.process == null || !n.process.isAlive()) {
                        throw new IllegalStateException("etcd " + n.name + " exited:\n" + logs(20));
                    }
                })
                .alias("etcd " + n.name + " healthy").until(() -> isHealthy(i));
    }

    private boolean isHealthy(int i) throws IOException, InterruptedException {
        if (tls) {
            etcdctlSingle(i, "endpoint", "health");
            return true;
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(clientUrl(i) + "/health")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().contains("\"true\"");
    }

    private void etcdctlSingle(int i, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ETCDCTL, "--endpoints=" + clientUrl(i), "--cacert=" + tlsFiles.ca()));
        if (tlsFiles.clientCertRequired()) {
            cmd.add("--cert=" + tlsFiles.clientCert());
            cmd.add("--key=" + tlsFiles.clientKey());
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Processes.run(pb, Duration.ofSeconds(5));
    }

    /** The last {@code lines} lines of every member's log (etcd logs warnings and errors only). */
    @Override
    public String logs(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            sb.append("===== etcd ").append(n.name).append('\n')
                    .append(Processes.tail(dir.resolve(n.name + ".log"), lines)).append('\n');
        }
        return sb.toString();
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
