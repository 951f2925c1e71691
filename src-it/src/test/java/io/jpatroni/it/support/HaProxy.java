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

    /** Patroni's documented checks: {@link #PATRONI_CHECKS}. */
    public static HaProxy start(Path dir, List<NodeConfig> nodes) {
        return start(dir, nodes, PATRONI_CHECKS);
    }

    /**
     * HAProxy with {@code checks} as each section's {@code default-server} line (intervals, fall / rise...); lines
     * after the first are further directives of both sections ({@code option redispatch 1}...).
     */
    public static HaProxy start(Path dir, List<NodeConfig> nodes, String checks) {
        HaProxy h = new HaProxy(dir, FreePorts.next(), FreePorts.next(),
                nodes.get(0).tls().map(ClusterCerts::jdbcParameters).orElse(""));
        h.launch(nodes, checks);
        return h;
    }

    /** The checks of Patroni's HAProxy example and of the measurements. */
    public static final String PATRONI_CHECKS = "inter 1s fall 2 rise 1 on-marked-down shutdown-sessions";

    /**
     * Patroni's checks plus quick re-checks of a server whose state is changing ({@code fastinter}) or that is down
     * ({@code downinter}): a promoted replica takes writes about 100 ms after its {@code /primary} turns 200 instead
     * of up to a second later.
     */
    public static final String FAST_RISE_CHECKS =
            "inter 1s fastinter 100ms downinter 100ms fall 2 rise 1 on-marked-down shutdown-sessions";

    /**
     * The checks docs/haproxy.md recommends: {@link #FAST_RISE_CHECKS} with the primary checked every 250 ms, so that
     * HAProxy marks a demoting primary down (its {@code /primary} turns 503 first) before its PostgreSQL stops, and
     * no new connection meets a refusing server and HAProxy's one-second turn-around before a retry.
     */
    public static final String QUICK_CHECKS =
            "inter 250ms fastinter 100ms downinter 100ms fall 2 rise 1 on-marked-down shutdown-sessions";

    /**
     * The checks docs/haproxy.md recommends: {@link #QUICK_CHECKS}; a server that refuses a connection is marked
     * down at once ({@code observe layer4 error-limit 1 on-error mark-down}) and the retry goes to another server
     * ({@code option redispatch 1}) after a turn-around of 200 ms ({@code timeout connect 200ms}) instead of a second:
     * a client that reconnects after the old primary's PostgreSQL stopped, before its check failed, is held 200 ms.
     */
    public static final String RECOMMENDED_CHECKS = QUICK_CHECKS + " observe layer4 error-limit 1 on-error mark-down"
            + "\noption redispatch 1\ntimeout connect 200ms";

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
        return config(writePort, readPort, nodes, PATRONI_CHECKS);
    }

    static String config(int writePort, int readPort, List<NodeConfig> nodes, String checksAndDirectives) {
        String[] lines = checksAndDirectives.split("\n");
        String checks = lines[0];
        StringBuilder directives = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            directives.append("    ").append(lines[i]).append('\n');
        }
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
                    default-server %s
                %s%slisten replicas
                    bind 127.0.0.1:%d
                    balance roundrobin
                    option httpchk OPTIONS /replica
                    http-check expect status 200
                    default-server %s
                %s%s""".formatted(writePort, checks, directives, servers, readPort, checks, directives, servers);
    }

    private void launch(List<NodeConfig> nodes, String checks) {
        try {
            Files.createDirectories(dir);
            Path cfg = dir.resolve("haproxy.cfg");
            Files.writeString(cfg, config(writePort, readPort, nodes, checks));
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
