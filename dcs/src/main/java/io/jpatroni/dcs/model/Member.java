package io.jpatroni.dcs.model;

import io.jpatroni.pycompat.PyTruth;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A {@code members/<name>} entry. {@code data} is the member JSON in its original key order (an
 * unmodifiable ordered copy, so that re-encoding gives Patroni's byte layout; values may be null).
 * Typed accessors never throw: a missing or malformed field is an empty Optional or a default.
 */
public record Member(String name, long modRevision, OptionalLong lease, Map<String, Object> data) {
    public static final int DEFAULT_PORT = 5432;

    public Member {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public Optional<String> connUrl() {
        return string(data.get("conn_url"));
    }

    public Optional<String> apiUrl() {
        return string(data.get("api_url"));
    }

    /** PostgreSQL state as reported by the member; {@code "unknown"} when absent (as Patroni). */
    public String state() {
        return string(data.get("state")).orElse("unknown");
    }

    public Optional<String> role() {
        return string(data.get("role"));
    }

    public Optional<String> version() {
        return string(data.get("version"));
    }

    public boolean isRunning() {
        return "running".equals(state());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> tags() {
        Object t = data.get("tags");
        return t instanceof Map<?, ?> m ? Collections.unmodifiableMap((Map<String, Object>) m) : Map.of();
    }

    public boolean noFailover() {
        return PyTruth.flag(tags().get("nofailover"));
    }

    /** {@code failover_priority} tag; 0 when {@code nofailover} is set, 1 by default. */
    public int failoverPriority() {
        if (noFailover()) {
            return 0;
        }
        return longValue(tags().get("failover_priority")).stream().mapToInt(l -> (int) l).findFirst().orElse(1);
    }

    public boolean cloneFrom() {
        return PyTruth.flag(tags().get("clonefrom"));
    }

    public boolean noSync() {
        return PyTruth.flag(tags().get("nosync"));
    }

    /**
     * Patroni 4's {@code sync_priority} tag: the higher, the sooner chosen as a synchronous standby; 0 (or
     * {@code nosync}) never. 1 by default.
     */
    public int syncPriority() {
        if (noSync()) {
            return 0;
        }
        return longValue(tags().get("sync_priority")).stream().mapToInt(l -> (int) l).findFirst().orElse(1);
    }

    public boolean noStream() {
        return PyTruth.flag(tags().get("nostream"));
    }

    public boolean noLoadBalance() {
        return PyTruth.flag(tags().get("noloadbalance"));
    }

    public Optional<String> replicateFrom() {
        return string(tags().get("replicatefrom"));
    }

    public OptionalLong xlogLocation() {
        return longValue(data.get("xlog_location"));
    }

    public OptionalLong timeline() {
        return longValue(data.get("timeline"));
    }

    public OptionalLong receiveLsn() {
        return longValue(data.get("receive_lsn"));
    }

    public OptionalLong replayLsn() {
        return longValue(data.get("replay_lsn"));
    }

    public boolean pendingRestart() {
        return PyTruth.flag(data.get("pending_restart"));
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> scheduledRestart() {
        Object s = data.get("scheduled_restart");
        return s instanceof Map<?, ?> m ? Optional.of(Collections.unmodifiableMap((Map<String, Object>) m)) : Optional.empty();
    }

    /** Host from {@code conn_url}. */
    public Optional<String> host() {
        return connUri().map(URI::getHost);
    }

    /** Port from {@code conn_url}, 5432 when the URL has none. */
    public OptionalInt port() {
        return connUri().map(u -> OptionalInt.of(u.getPort() > 0 ? u.getPort() : DEFAULT_PORT)).orElse(OptionalInt.empty());
    }

    private Optional<URI> connUri() {
        try {
            return connUrl().map(URI::create).filter(u -> u.getHost() != null);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<String> string(Object o) {
        return o == null ? Optional.empty() : Optional.of(o.toString());
    }

    static OptionalLong longValue(Object o) {
        if (o instanceof Number n) {
            return OptionalLong.of(n.longValue());
        }
        if (o instanceof String s) {
            try {
                return OptionalLong.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
