package io.jpatroni.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An application writing through HAProxy every {@code periodMs}: one INSERT per attempt, on a
 * connection re-opened after any error. Records every acknowledged id with its time, so a test
 * can measure the write outage and check that no acknowledged write was lost.
 */
public final class Writer implements AutoCloseable {
    private final String url;
    private final long periodMs;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Ack> acks = new ArrayList<>();
    private final Thread thread;
    /** Ids unique across writers on the same table (one writer per scenario phase). */
    private long nextId = System.currentTimeMillis() * 1000;

    /**
     * An acknowledged write: id, System.nanoTime() at the acknowledgement, the port of the server that took it, and
     * the wall clock at the acknowledgement (to compare with the times nodes log or write in the DCS).
     */
    public record Ack(long id, long nanos, int serverPort, long epochMillis) {
    }

    private Writer(String url, long periodMs) {
        this.url = url;
        this.periodMs = periodMs;
        this.thread = new Thread(this::loop, "writer");
        thread.setDaemon(true);
    }

    public static void createTable(String url) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS writes (id bigint PRIMARY KEY, at timestamptz DEFAULT now())");
        }
    }

    public static Writer start(String url, long periodMs) {
        Writer w = new Writer(url, periodMs);
        w.thread.start();
        return w;
    }

    /**
     * Writer number {@code index} of several writing to the same table at once: its ids start {@code index} x 10^9
     * above the usual ones, so that the writers never take each other's ids.
     */
    public static Writer start(String url, long periodMs, int index) {
        Writer w = new Writer(url, periodMs);
        w.nextId += index * 1_000_000_000L;
        w.thread.start();
        return w;
    }

    static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "3");
        p.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(url, p);
    }

    private void loop() {
        Connection c = null;
        while (running.get()) {
            long started = System.nanoTime();
            try {
                if (c == null) {
                    c = connect(url);
                }
                int port;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO writes (id) VALUES (?) RETURNING inet_server_port()")) {
                    ps.setLong(1, nextId);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        port = rs.getInt(1);
                    }
                }
                synchronized (acks) {
                    acks.add(new Ack(nextId, System.nanoTime(), port, System.currentTimeMillis()));
                }
            } catch (SQLException e) {
                closeQuietly(c);
                c = null;
            } finally {
                // a new id for each attempt: an INSERT that was not acknowledged may still have committed (a
                // synchronous commit waiting for its standby when the socket timed out), and its id is taken
                nextId++;
            }
            long left = periodMs - (System.nanoTime() - started) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    public List<Ack> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    /** Seconds from {@code sinceNanos} to the first write acknowledged after it by a server other than {@code oldPort}. */
    public double secondsToFirstWriteAfter(long sinceNanos, int oldPort) {
        return acks().stream().filter(a -> a.nanos() > sinceNanos && a.serverPort() != oldPort).findFirst()
                .map(a -> (a.nanos() - sinceNanos) / 1e9).orElse(-1.0);
    }

    /** The longest gap between consecutive acknowledgements, in seconds. */
    public double longestGapSeconds() {
        List<Ack> all = acks();
        double worst = 0;
        for (int i = 1; i < all.size(); i++) {
            worst = Math.max(worst, (all.get(i).nanos() - all.get(i - 1).nanos()) / 1e9);
        }
        return worst;
    }

    /**
     * Acknowledged ids missing from the table, read through {@code url} (retried while HAProxy settles). May be
     * called while the writer runs: only writes acknowledged before the table is read are looked for.
     */
    public List<Long> lostWrites(String url) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(200)).ignoreExceptions().until(() -> readLost(url), r -> true);
    }

    private List<Long> readLost(String url) throws SQLException {
        List<Long> missing = new ArrayList<>();
        List<Ack> acknowledged = acks();
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT pg_catalog.pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new SQLException("HAProxy still routes writes to a replica: read again");
                }
            }
            java.util.Set<Long> present = new java.util.HashSet<>();
            try (var rs = s.executeQuery("SELECT id FROM writes")) {
                while (rs.next()) {
                    present.add(rs.getLong(1));
                }
            }
            for (Ack a : acknowledged) {
                if (!present.contains(a.id())) {
                    missing.add(a.id());
                }
            }
        }
        return missing;
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
