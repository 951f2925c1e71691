package io.jpatroni.restapi.health;

import io.jpatroni.restapi.NodeSnapshot;
import io.jpatroni.restapi.Xlog;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * The status code of every health check, computed from a {@link NodeSnapshot} and the injected clock only.
 * Stricter than Patroni 3.0.2 for the writable endpoints: a primary answers 200 only while PostgreSQL runs,
 * promotion has finished and its leader key is still valid by its own clock.
 */
public final class HealthCheck {
    public static final int OK = 200;
    public static final int UNAVAILABLE = 503;

    private final Clock clock;

    public HealthCheck(Clock clock) {
        this.clock = clock;
    }

    public int statusFor(Endpoint endpoint, NodeSnapshot node, HealthQuery query) {
        long now = clock.millis();
        int status = switch (endpoint) {
            case PRIMARY -> code(isPrimary(node, now));
            case LEADER -> code(isPrimary(node, now) || isStandbyLeader(node, now));
            case STANDBY_LEADER -> code(isStandbyLeader(node, now));
            case REPLICA -> replica(node, query);
            case READ_ONLY -> isPrimary(node, now) || isStandbyLeader(node, now) ? OK : replica(node, query);
            case SYNC -> node.dcsAvailable() && node.syncStandby() ? replica(node, query) : UNAVAILABLE;
            case ASYNC -> node.dcsAvailable() && !node.syncStandby() && !node.quorumStandby()
                    ? replica(node, query) : UNAVAILABLE;
            case READ_ONLY_SYNC -> readOnly(node, query, now, node.syncStandby());
            case QUORUM -> node.dcsAvailable() && node.quorumStandby() ? replica(node, query) : UNAVAILABLE;
            case READ_ONLY_QUORUM -> readOnly(node, query, now, node.quorumStandby());
            case HEALTH -> code(node.isRunning());
            case LIVENESS -> liveness(node, now);
            case READINESS -> readiness(node, query, now);
            case UNKNOWN -> UNAVAILABLE;
        };
        return status == OK && endpoint.tagFiltered() && !tagsMatch(node.tags(), query.tags()) ? UNAVAILABLE : status;
    }

    /** Holds a valid lock as a finished, running primary (by role only when paused without a DCS view). */
    static boolean isPrimary(NodeSnapshot node, long now) {
        return NodeSnapshot.ROLE_PRIMARY.equals(node.role()) && node.isRunning() && holdsLeadership(node, now)
                && node.promotionFinished();
    }

    static boolean isStandbyLeader(NodeSnapshot node, long now) {
        return NodeSnapshot.ROLE_STANDBY_LEADER.equals(node.role()) && node.isRunning() && holdsLeadership(node, now);
    }

    private static boolean holdsLeadership(NodeSnapshot node, long now) {
        return node.pause() && !node.dcsAvailable() || node.hasValidLock(now);
    }

    private static int replica(NodeSnapshot node, HealthQuery query) {
        boolean ok = NodeSnapshot.ROLE_REPLICA.equals(node.role()) && node.isRunning() && !node.isNoLoadBalance()
                && lag(node, HealthQuery.Mode.APPLY) <= query.lag().orElse(Long.MAX_VALUE)
                && query.replicationState().map(w -> node.postgres()
                        .flatMap(p -> p.replicationState()).filter(w::equals).isPresent()).orElse(true);
        return code(ok);
    }

    /** The leader, or a replica that is listed ({@code /read-only-sync}, {@code /read-only-quorum}). */
    private static int readOnly(NodeSnapshot node, HealthQuery query, long now, boolean listed) {
        if (!node.dcsAvailable()) {
            return UNAVAILABLE;
        }
        if (isPrimary(node, now) || isStandbyLeader(node, now)) {
            return OK;
        }
        return listed ? replica(node, query) : UNAVAILABLE;
    }

    private static int liveness(NodeSnapshot node, long now) {
        if (node.pause()) {
            return OK;
        }
        boolean primary = NodeSnapshot.ROLE_PRIMARY.equals(node.role()) && node.isRunning();
        long threshold = node.ttl().toMillis() * (primary ? 1 : 2);
        return code(now < node.lastHaLoopRun().toEpochMilli() + threshold);
    }

    private static int readiness(NodeSnapshot node, HealthQuery query, long now) {
        if (isPrimary(node, now) || isStandbyLeader(node, now)) {
            return OK;
        }
        if (!node.isRunning() || node.postgres().isEmpty()
                || !(node.postgres().get().xlog() instanceof Xlog.Replica)) {
            return UNAVAILABLE;
        }
        if (node.postgres().get().replicationState().filter(s -> !"streaming".equals(s)).isPresent()) {
            return UNAVAILABLE;
        }
        if (!node.dcsAvailable() && !node.failsafeModeIsActive()) {
            return UNAVAILABLE;
        }
        return code(lag(node, query.mode()) <= query.lag().orElse(node.maximumLagOnFailover()));
    }

    /** Bytes this node is behind the leader's last known LSN (0 when unknown or ahead). */
    static long lag(NodeSnapshot node, HealthQuery.Mode mode) {
        long leader = node.clusterLeaderLsn();
        if (leader <= 0 || node.postgres().isEmpty()) {
            return 0;
        }
        long mine = node.postgres().get().xlog() instanceof Xlog.Replica r
                ? (mode == HealthQuery.Mode.WRITE ? r.receivedLocation() : r.replayedLocation()) : 0;
        return Math.max(0, leader - mine);
    }

    static boolean tagsMatch(Map<String, Object> nodeTags, Map<String, String> wanted) {
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            Object actual = nodeTags.get(w.getKey());
            if (actual == null) {
                return false;
            }
            String text = actual instanceof String s ? s : actual.toString().toLowerCase(Locale.ROOT);
            if (!text.equals(w.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static int code(boolean ok) {
        return ok ? OK : UNAVAILABLE;
    }
}
