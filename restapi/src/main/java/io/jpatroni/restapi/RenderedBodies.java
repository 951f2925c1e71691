package io.jpatroni.restapi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The response bodies of one snapshot, rendered once on first use and reused until the HA loop publishes a new
 * snapshot, so a health request only writes cached bytes.
 */
final class RenderedBodies {
    private final NodeSnapshot snapshot;
    private volatile byte[] status;
    private volatile byte[] metrics;
    private volatile byte[] cluster;
    private volatile byte[] history;
    private volatile Optional<byte[]> config;
    private volatile Optional<byte[]> failsafe;

    private RenderedBodies(NodeSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    NodeSnapshot snapshot() {
        return snapshot;
    }

    byte[] status() {
        byte[] b = status;
        return b != null ? b : (status = JsonBodies.status(snapshot));
    }

    byte[] metrics() {
        byte[] b = metrics;
        return b != null ? b : (metrics = MetricsText.render(snapshot).getBytes(StandardCharsets.UTF_8));
    }

    byte[] cluster() {
        byte[] b = cluster;
        return b != null ? b : (cluster = JsonBodies.cluster(snapshot.cluster()));
    }

    byte[] history() {
        byte[] b = history;
        return b != null ? b : (history = JsonBodies.history(snapshot.history()));
    }

    Optional<byte[]> config() {
        Optional<byte[]> b = config;
        return b != null ? b : (config = snapshot.configJson().flatMap(JsonBodies::config));
    }

    Optional<byte[]> failsafe() {
        Optional<byte[]> b = failsafe;
        return b != null ? b : (failsafe = snapshot.failsafe().map(JsonBodies::failsafe));
    }

    /** Keeps the bodies of the latest snapshot (compared by identity). */
    static final class Cache {
        private final NodeStatusSource source;
        private final AtomicReference<RenderedBodies> last = new AtomicReference<>();

        Cache(NodeStatusSource source) {
            this.source = source;
        }

        RenderedBodies current() {
            NodeSnapshot now = source.current();
            RenderedBodies cached = last.get();
            if (cached != null && cached.snapshot == now) {
                return cached;
            }
            RenderedBodies fresh = new RenderedBodies(now);
            last.set(fresh);
            return fresh;
        }
    }
}
