package io.jpatroni.it.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application: one INSERT through HAProxy every 20 ms on a connection re-opened after any error, each
 * acknowledged write recorded with its id, when it was sent and acknowledged, and the node that took it
 * ({@code inet_server_addr()}). After a round, the acknowledged ids are read back from the new primary.
 */
final class ChaosWriter implements AutoCloseable {
    private static final long PERIOD_MS = 20;

    /** An acknowledged write: id, System.nanoTime() when the INSERT was sent and when it was acknowledged, the node. */
    record Ack(long id, long sentNanos, long ackNanos, String node) {
    }

    private final String url;
    private final java.util.Map<String, String> nodeByAddress;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Ack> acks = new ArrayList<>();
    private final Thread thread;
    private long nextId = 1;

    ChaosWriter(String url, java.util.Map<String, String> nodeByAddress) {
        this.url = url;
        this.nodeByAddress = nodeByAddress;
        this.thread = new Thread(this::loop, "writer");
        thread.setDaemon(true);
    }

    static Connection connect(String url, int timeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
        p.setProperty("socketTimeout", Integer.toString(timeoutSeconds + 1));
        p.setProperty("loginTimeout", Integer.toString(timeoutSeconds + 1));
        return DriverManager.getConnection(url, p);
    }

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS chaos_writes (id bigint PRIMARY KEY, node inet)");
        }
    }

    void start() {
        thread.start();
    }

    private void loop() {
        Connection c = null;
        while (running.get()) {
            long sent = System.nanoTime();
            try {
                if (c == null) {
                    c = connect(url, 2);
                }
                String address;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO chaos_writes (id, node) VALUES (?, inet_server_addr()) RETURNING host(node)")) {
                    ps.setLong(1, nextId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        address = rs.getString(1);
                    }
                }
                synchronized (acks) {
                    acks.add(new Ack(nextId, sent, System.nanoTime(), nodeByAddress.getOrDefault(address, address)));
                }
            } catch (SQLException e) {
                close(c);
                c = null;
            }
            nextId++; // an id is never sent twice: a write that failed may still have been committed
            long left = PERIOD_MS - (System.nanoTime() - sent) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        close(c);
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // broken already
            }
        }
    }

    /** The writes acknowledged between the two instants. */
    List<Ack> acks(long fromNanos, long toNanos) {
        synchronized (acks) {
            return acks.stream().filter(a -> a.ackNanos() >= fromNanos && a.ackNanos() < toNanos).toList();
        }
    }

    /** The ids among {@code acknowledged} that the table on {@code primaryUrl} does not hold. */
    static List<Long> lost(String primaryUrl, List<Ack> acknowledged) throws SQLException {
        if (acknowledged.isEmpty()) {
            return List.of();
        }
        long min = acknowledged.stream().mapToLong(Ack::id).min().orElseThrow();
        Set<Long> present = new HashSet<>();
        try (Connection c = connect(primaryUrl, 5); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM chaos_writes WHERE id >= " + min)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        return acknowledged.stream().map(Ack::id).filter(id -> !present.contains(id)).toList();
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
