package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real ZooKeeper servers from Debian's {@code zookeeperd} package ({@code /usr/share/java/zookeeper.jar}, the server
 * Debian 12 runs: 3.8.0) on free loopback ports, each with its own data directory under a temporary directory, run
 * as the test's unprivileged user: one standalone server, or an ensemble whose members can be stopped and started
 * again (quorum loss). Debian's {@code zoo.cfg} timings ({@code tickTime=2000}, so sessions of 4 to 40 s) unless
 * told otherwise. Run alone by {@link ClusterExtension}, or as a {@link JPatroniCluster}'s or {@link PatroniCluster}'s
 * DCS: {@link #restoreHealth} starts again the servers a test stopped. {@link #close()} kills every server and deletes
 * the data; a JVM shutdown hook does the same if a test run is aborted.
 */
public final class ZooKeeperEnsemble implements DcsServers {
    /** Patroni's section for ZooKeeper. */
    public static final String SECTION = "zookeeper";

    private static final String JARS = System.getProperty("zookeeper.classpath",
            "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Path dir;
    private final int tickMillis;
    private final List<Server> servers = new ArrayList<>();
    private final Thread hook = new Thread(this::killAll, "zookeeper-cleanup");

    private static final class Server {
        final int id;
        final int clientPort = FreePorts.next();
        final int quorumPort = FreePorts.next();
        final int electionPort = FreePorts.next();
        Process process;

        Server(int id) {
            this.id = id;
        }
    }

    private ZooKeeperEnsemble(int size, int tickMillis) {
        this.tickMillis = tickMillis;
        try {
            dir = Files.createTempDirectory("jpatroni-zk-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 1; i <= size; i++) {
            servers.add(new Server(i));
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** {@code size} servers (1: standalone) with Debian's {@code tickTime=2000}, healthy when this returns. */
    public static ZooKeeperEnsemble start(int size) {
        return start(size, 2000);
    }

    /**
     * {@code size} servers ticking every {@code tickMillis} ms: sessions may last from 2 ticks to 40 s, and a silent
     * client's session expires within a tick of its timeout.
     */
    public static ZooKeeperEnsemble start(int size, int tickMillis) {
        ZooKeeperEnsemble z = new ZooKeeperEnsemble(size, tickMillis);
        try {
            for (int i = 0; i < size; i++) {
                z.launch(i);
            }
            for (int i = 0; i < size; i++) {
                z.awaitServing(i, Duration.ofSeconds(60));
            }
            return z;
        } catch (RuntimeException e) {
            z.close();
            throw e;
        }
    }

    public int size() {
        return servers.size();
    }

    @Override
    public Path dir() {
        return dir;
    }

    @Override
    public String section() {
        return SECTION;
    }

    /** {@code 127.0.0.1:port} of every server, as Patroni's {@code zookeeper.hosts}. */
    @Override
    public List<String> hosts() {
        return servers.stream().map(s -> "127.0.0.1:" + s.clientPort).toList();
    }

    public String host(int i) {
        return "127.0.0.1:" + servers.get(i).clientPort;
    }

    public int clientPort(int i) {
        return servers.get(i).clientPort;
    }

    /** The ZooKeeper connection string of every server. */
    public String connectString() {
        return String.join(",", hosts());
    }

    /** Stops server {@code i} (SIGKILL) keeping its data. */
    public void stop(int i) {
        Server s = servers.get(i);
        if (s.process != null) {
            s.process.destroyForcibly();
            try {
                s.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.process = null;
        }
    }

    /** Starts a stopped server again from its data directory, without waiting for it. */
    public void restart(int i) {
        launch(i);
    }

    /** Starts again every server a test stopped, and waits until each serves clients. */
    @Override
    public void restoreHealth(Duration timeout) {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).process == null) {
                launch(i);
            }
        }
        for (int i = 0; i < servers.size(); i++) {
            awaitServing(i, timeout);
        }
    }

    /** Waits until server {@code i} serves clients: standalone, or a member of a quorum (leader or follower). */
    public void awaitServing(int i, Duration timeout) {
        Server s = servers.get(i);
        await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .failFast(() -> {
                    if (s.process == null || !s.process.isAlive()) {
                        throw new IllegalStateException("zookeeper " + s.id + " exited:\n" + logTail(i, 20));
                    }
                })
                .alias("zookeeper " + s.id + " serving").until(() -> serving(fourLetterWord(i, "srvr")));
    }

    private static boolean serving(String srvr) {
        return srvr.contains("Mode: standalone") || srvr.contains("Mode: leader") || srvr.contains("Mode: follower");
    }

    /** The answer of server {@code i} to a four-letter word ({@code srvr}, {@code mntr}, {@code cons}), "" if none. */
    public String fourLetterWord(int i, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", servers.get(i).clientPort), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String logs(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            sb.append("===== zookeeper ").append(servers.get(i).id).append('\n').append(logTail(i, lines)).append('\n');
        }
        return sb.toString();
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
        for (int i = 0; i < servers.size(); i++) {
            stop(i);
        }
        EtcdCluster.deleteRecursively(dir);
    }

    private void launch(int i) {
        Server s = servers.get(i);
        Path home = dir.resolve("zk" + s.id);
        Path data = home.resolve("data");
        try {
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), s.id + "\n");
            Files.writeString(home.resolve("zoo.cfg"), config(s, data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = List.of(JAVA, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dzookeeper.admin.enableServer=false", "-cp", JARS,
                "org.apache.zookeeper.server.quorum.QuorumPeerMain", home.resolve("zoo.cfg").toString());
        try {
            s.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("zookeeper.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ZooKeeper from " + JARS, e);
        }
    }

    /** Debian's zoo.cfg (tickTime, initLimit=10, syncLimit=5, sessions up to 40 s) on our own ports and directory. */
    private String config(Server s, Path data) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("tickTime=").append(tickMillis).append('\n')
                .append("initLimit=10\nsyncLimit=5\n")
                .append("dataDir=").append(data).append('\n')
                .append("clientPort=").append(s.clientPort).append('\n')
                .append("clientPortAddress=127.0.0.1\n")
                .append("maxSessionTimeout=40000\n")   // Debian's 20 ticks of 2 s, whatever the tick
                .append("4lw.commands.whitelist=srvr,mntr,cons\n");
        if (servers.size() > 1) {
            cfg.append(servers.stream().map(o -> "server." + o.id + "=127.0.0.1:" + o.quorumPort + ":"
                    + o.electionPort).collect(Collectors.joining("\n"))).append('\n');
        }
        return cfg.toString();
    }

    private String logTail(int i, int lines) {
        return Processes.tail(dir.resolve("zk" + servers.get(i).id).resolve("zookeeper.log"), lines);
    }
}
