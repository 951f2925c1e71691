package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.FailsafePing;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this node remembers of failsafe mode between cycles (Patroni's {@code dcs.failsafe} and {@code Failsafe}):
 * the {@code failsafe} key as last read from or written to the DCS, kept while the DCS is unreachable, and the last
 * {@code POST /failsafe} a primary sent this node. The loop reads both; the REST API records the pings. Thread-safe.
 */
public final class Failsafe {
    private final String apiUrl;
    private volatile Optional<Map<String, String>> topology = Optional.empty();
    private volatile Optional<FailsafePing> ping = Optional.empty();

    /** @param apiUrl this node's own {@code api_url}, for the key when its member key is missing */
    public Failsafe(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String apiUrl() {
        return apiUrl;
    }

    /** The DCS answered: its {@code failsafe} key (or none). */
    public void seen(Optional<Map<String, String>> key) {
        topology = key.map(Failsafe::copy);
    }

    /** This node wrote the key. */
    public void written(Map<String, String> key) {
        topology = Optional.of(copy(key));
    }

    /** This node deleted the key. */
    public void deleted() {
        topology = Optional.empty();
    }

    public Optional<Map<String, String>> topology() {
        return topology;
    }

    /** A primary said it is alive ({@code POST /failsafe} accepted). */
    public void pinged(FailsafePing p) {
        ping = Optional.of(p);
    }

    /** The last ping, however old: whether it still counts is the decision's (within ttl). */
    public Optional<FailsafePing> ping() {
        return ping;
    }

    private static Map<String, String> copy(Map<String, String> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
