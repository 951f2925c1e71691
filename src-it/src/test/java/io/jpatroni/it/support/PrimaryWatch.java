package io.jpatroni.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks every node's REST API {@code GET /primary} every 50 ms (what HAProxy's write check asks). A sample in which
 * more than one node answers 200 is a split brain; each one is kept with its time and the nodes that answered.
 * A node that does not answer counts as not primary.
 */
public final class PrimaryWatch implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final List<NodeConfig> nodes;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger samples = new AtomicInteger();
    private final List<String> splitBrains = new ArrayList<>();
    private final Thread thread;

    private PrimaryWatch(List<NodeConfig> nodes) {
        this.nodes = List.copyOf(nodes);
        this.thread = new Thread(this::loop, "primary-watch");
        thread.setDaemon(true);
    }

    public static PrimaryWatch start(List<NodeConfig> nodes) {
        PrimaryWatch w = new PrimaryWatch(nodes);
        w.thread.start();
        return w;
    }

    private void loop() {
        while (running.get()) {
            List<String> primaries = new ArrayList<>();
            for (NodeConfig n : nodes) {
                if (isPrimary(n)) {
                    primaries.add(n.name());
                }
            }
            samples.incrementAndGet();
            if (primaries.size() > 1) {
                synchronized (splitBrains) {
                    splitBrains.add(LocalTime.now() + " " + primaries);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean isPrimary(NodeConfig n) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.restPort() + "/primary"))
                    .timeout(Duration.ofSeconds(1)).GET().build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Samples taken so far. */
    public int samples() {
        return samples.get();
    }

    /** Every sample with more than one {@code /primary} 200: its time and the nodes that answered 200. */
    public List<String> splitBrains() {
        synchronized (splitBrains) {
            return List.copyOf(splitBrains);
        }
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
