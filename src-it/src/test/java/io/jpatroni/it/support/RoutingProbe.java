package io.jpatroni.it.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks through HAProxy, every 100 ms, who answers: a connection on the write port that lands on a
 * server in recovery is a routing violation; so is a read connection that lands on a primary.
 * Connection failures are not violations (nobody routed at all).
 */
public final class RoutingProbe implements AutoCloseable {
    private final HaProxy haproxy;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger writeToReplica = new AtomicInteger();
    private final AtomicInteger readToPrimary = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();
    private final Thread thread;

    private RoutingProbe(HaProxy haproxy) {
        this.haproxy = haproxy;
        this.thread = new Thread(this::loop, "routing-probe");
        thread.setDaemon(true);
    }

    public static RoutingProbe start(HaProxy haproxy) {
        RoutingProbe p = new RoutingProbe(haproxy);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running.get()) {
            Boolean w = inRecovery(haproxy.writeUrl());
            if (Boolean.TRUE.equals(w)) {
                writeToReplica.incrementAndGet();
            }
            Boolean r = inRecovery(haproxy.readUrl());
            if (Boolean.FALSE.equals(r)) {
                readToPrimary.incrementAndGet();
            }
            probes.incrementAndGet();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Boolean inRecovery(String url) {
        try (Connection c = Writer.connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            return null;
        }
    }

    public int writesRoutedToReplica() {
        return writeToReplica.get();
    }

    public int readsRoutedToPrimary() {
        return readToPrimary.get();
    }

    public int probes() {
        return probes.get();
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
