package io.jpatroni.restapi.health;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Health-check endpoints and their URL paths (aliases included); routing is by exact path, never substring. */
public enum Endpoint {
    PRIMARY(false, "/", "/primary", "/read-write", "/master"),
    LEADER(false, "/leader"),
    STANDBY_LEADER(false, "/standby-leader", "/standby_leader"),
    REPLICA(true, "/replica"),
    READ_ONLY(true, "/read-only"),
    SYNC(true, "/sync", "/synchronous"),
    READ_ONLY_SYNC(true, "/read-only-sync", "/read-only-synchronous"),
    ASYNC(true, "/async", "/asynchronous"),
    /** Patroni 4: a replica listed in the sync key in quorum commit mode. */
    QUORUM(true, "/quorum"),
    READ_ONLY_QUORUM(true, "/read-only-quorum"),
    HEALTH(true, "/health"),
    LIVENESS(false, "/liveness"),
    READINESS(false, "/readiness"),
    /** Any other path: 503 with the status body, as Patroni does. */
    UNKNOWN(false);

    private static final Map<String, Endpoint> BY_PATH = new HashMap<>();

    static {
        for (Endpoint e : values()) {
            for (String p : e.paths) {
                BY_PATH.put(p, e);
            }
        }
    }

    private final boolean tagFiltered;
    private final List<String> paths;

    Endpoint(boolean tagFiltered, String... paths) {
        this.tagFiltered = tagFiltered;
        this.paths = List.of(paths);
    }

    public List<String> paths() {
        return paths;
    }

    /** {@code tag_<key>=<value>} query filters apply to this endpoint. */
    public boolean tagFiltered() {
        return tagFiltered;
    }

    /** {@code /liveness} and {@code /readiness} answer with a status line only, even to GET. */
    public boolean statusOnly() {
        return this == LIVENESS || this == READINESS;
    }

    public static Endpoint forPath(String path) {
        return BY_PATH.getOrDefault(path, UNKNOWN);
    }
}
