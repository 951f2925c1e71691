package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy in front of the nodes, configured as Patroni users do (seed002 / the reference
 * capture): writes check {@code OPTIONS /primary}, reads check {@code OPTIONS /replica},
 * {@code inter 1s fall 2 rise 1 on-marked-down shutdown-sessions}; in a TLS cluster the checks are
 * {@code check-ssl verify required ca-file ... crt ...} and the test's JDBC URLs carry its client certificate.
 */
public final class HaProxy implements AutoCloseable {
    private final Path dir;
    private final int writePort;
    private final int readPort;
    private final String jdbcParameters;
    private Process process;

    private HaProxy(Path dir, int writePort, int readPort, String jdbcParameters) {
        this.dir = dir;
        this.writePort = writePort;
        this.readPort = readPort;
        this.jdbcParameters = jdbcParameters;
    }

    public static HaProxy start(Path dir, List<NodeConfig> nodes) {
        HaProxy h = new HaProxy(dir, FreePorts.next(), FreePorts.next(),
                nodes.get(0).tls().map(ClusterCerts::jdbcParameters).orElse(""));
        h.launch(nodes);
        return h;
    }

    public int writePort() {
        return writePort;
    }

    public int readPort() {
        return readPort;
    }

    public String writeUrl() {
        return "jdbc:postgresql://127.0.0.1:" + writePort + "/postgres" + jdbcParameters;
    }

    public String readUrl() {
        return "jdbc:postgresql://127.0.0.1:" + readPort + "/postgres" + jdbcParameters;
    }

    static String config(int writePort, int readPort, List<NodeConfig> nodes) {
        StringBuilder servers = new StringBuilder();
        for (NodeConfig n : nodes) {
            servers.append("    server ").append(n.name()).append(" 127.0.0.1:").append(n.pgPort())
                    .append(" maxconn 100 check port ").append(n.restPort());
            // a REST API that wants client certificates: the health check over TLS with HAProxy's own
            n.tls().ifPresent(t -> servers.append(" check-ssl verify required ca-file ").append(t.ca())
                    .append(" crt ").append(t.haproxyPem()));
            servers.append('\n');
        }
        return """
                global
                    maxconn 200
                defaults
                    mode tcp
                    retries 2
                    timeout client 30m
                    timeout connect 4s
                    timeout server 30m
                    timeout check 5s
                listen primary
                    bind 127.0.0.1:%d
                    option httpchk OPTIONS /primary
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
                %slisten replicas
                    bind 127.0.0.1:%d
                    balance roundrobin
                    option httpchk OPTIONS /replica
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
                %s""".formatted(writePort, servers, readPort, servers);
    }

    private void launch(List<NodeConfig> nodes) {
        try {
            Files.createDirectories(dir);
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config(writePort, readPort, nodes));
            ProcessBuilder pb = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(dir.resolve("haproxy.log").toFile());
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start haproxy", e);
        }
    }

    /**
     * Waits until HAProxy (checks every second) sends writes to the PostgreSQL on {@code leaderPgPort}, where it
     * creates the {@link Writer}'s table, and, when the cluster has replicas, reads to one of them.
     */
    public void awaitRouting(int leaderPgPort, boolean withReplicas) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    if (!serverPortAndRecovery(writeUrl()).equals(leaderPgPort + ":false")) {
                        throw new AssertionError("HAProxy does not send writes to port " + leaderPgPort + " yet");
                    }
                    Writer.createTable(writeUrl());
                    if (withReplicas && !serverPortAndRecovery(readUrl()).endsWith(":true")) {
                        throw new AssertionError("HAProxy does not send reads to a replica yet");
                    }
                });
    }

    /** {@code port:in_recovery} of the server a new connection to {@code url} lands on. */
    public static String serverPortAndRecovery(String url) throws SQLException {
        try (Connection c = Writer.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT inet_server_port(), pg_is_in_recovery()")) {
            rs.next();
            return rs.getInt(1) + ":" + rs.getBoolean(2);
        }
    }

    /** The last {@code lines} lines HAProxy wrote (alerts and warnings: it runs in the foreground, {@code -db}). */
    public String logTail(int lines) {
        return Processes.tail(dir.resolve("haproxy.log"), lines);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
