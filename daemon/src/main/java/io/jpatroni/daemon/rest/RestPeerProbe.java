package io.jpatroni.daemon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpatroni.daemon.decision.PeerStatus;
import io.jpatroni.daemon.loop.PeerProbe;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyTruth;
import io.jpatroni.restclient.PatroniApiClient;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks every other member's {@code GET /patroni} in parallel during a leader race, as Patroni does. */
public final class RestPeerProbe implements PeerProbe {
    private static final Logger log = LoggerFactory.getLogger(RestPeerProbe.class);

    private final PatroniApiClient client;
    private final Duration timeout;

    public RestPeerProbe(PatroniApiClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Map<String, PeerStatus> probe(List<Member> members) {
        Map<String, CompletableFuture<PeerStatus>> pending = new HashMap<>();
        for (Member m : members) {
            pending.put(m.name(), CompletableFuture.supplyAsync(() -> ask(m)));
        }
        Map<String, PeerStatus> out = new HashMap<>();
        pending.forEach((name, f) -> out.put(name, f.join()));
        return out;
    }

    private PeerStatus ask(Member m) {
        Optional<URI> url = m.apiUrl().flatMap(RestPeerProbe::uri);
        if (url.isEmpty()) {
            return PeerStatus.unreachable();
        }
        Optional<JsonNode> body = client.fetchStatus(url.get(), timeout);
        if (body.isEmpty()) {
            log.warn("Request failed to {}: GET {}", m.name(), url.get());
            return PeerStatus.unreachable();
        }
        log.info("Got response from {} {}: {}", m.name(), url.get(), body.get());
        return toStatus(body.get());
    }

    static PeerStatus toStatus(JsonNode body) {
        String role = body.path("role").asText("");
        boolean running = "running".equals(body.path("state").asText(""));
        boolean primary = running && ("master".equals(role) || "primary".equals(role));
        JsonNode xlog = body.path("xlog");
        long wal = primary ? xlog.path("location").asLong(0)
                : Math.max(xlog.path("received_location").asLong(0), xlog.path("replayed_location").asLong(0));
        JsonNode tags = body.path("tags");
        boolean noFailover = PyTruth.flag(scalar(tags.path("nofailover")));
        int priority = tags.path("failover_priority").asInt(noFailover ? 0 : 1);
        // Patroni's failover_limitation: a peer that is "not watchdog capable" is left out like a nofailover one
        boolean watchdogFailed = body.path("watchdog_failed").asBoolean(false);
        return new PeerStatus(true, primary, wal, noFailover || !running || watchdogFailed, priority);
    }

    /** A JSON scalar as the Java value {@link PyTruth} reads; missing nodes and containers as null. */
    private static Object scalar(JsonNode n) {
        return n.isBoolean() ? n.booleanValue() : n.isNumber() ? n.numberValue() : n.isTextual() ? n.textValue() : null;
    }

    private static Optional<URI> uri(String s) {
        try {
            return Optional.of(URI.create(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
