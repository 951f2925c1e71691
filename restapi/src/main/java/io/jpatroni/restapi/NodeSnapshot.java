package io.jpatroni.restapi;

import io.jpatroni.pycompat.PyTruth;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the REST API serves, published by the HA loop once per cycle. Immutable; the API never calls
 * PostgreSQL or the DCS per request. Build one with {@link #builder(String, String, String)} or
 * {@link #initial(String, String, String, Instant, Duration)} and derive the next with {@link #toBuilder()}.
 *
 * @param name                     member name
 * @param scope                    cluster name
 * @param patroniVersion           version string shown as {@code patroni.version} (e.g. {@code 3.0.2})
 * @param state                    PostgreSQL state as Patroni spells it: {@code running}, {@code starting},
 *                                 {@code stopped}, {@code crashed}, {@code creating replica}, ...
 * @param role                     wire role: {@code master} (primary), {@code replica}, {@code standby_leader},
 *                                 {@code uninitialized}, {@code demoted}, ...
 * @param postgres                 query results of a reachable PostgreSQL; empty when it could not be queried
 * @param dcsLastSeen              epoch seconds of the last successful DCS contact
 * @param tags                     effective tags, false-valued standard tags already omitted; order kept
 * @param databaseSystemIdentifier {@code pg_controldata} system identifier
 * @param dcsAvailable             the last cycle has a cluster view from the DCS (Patroni's {@code cluster})
 * @param clusterUnlocked          nobody holds the leader key (or the DCS is unknown)
 * @param failsafeModeIsActive     failsafe mode keeps this node primary during a DCS outage
 * @param pause                    maintenance mode
 * @param pendingRestart           a parameter change needs a restart
 * @param pendingRestartReason     parameter → {old_value, new_value}; may be empty
 * @param scheduledRestart         {@code {"schedule": ISO, ...}} when a restart is scheduled
 * @param syncStandby              a replica listed in the DCS {@code sync} key in synchronous mode (priority)
 * @param quorumStandby            a replica listed in the DCS {@code sync} key in quorum commit mode (Patroni 4)
 * @param clusterLeaderLsn         the leader's last LSN (DCS {@code status.optime}), 0 when unknown
 * @param maximumLagOnFailover     dynamic config value (default for {@code /readiness})
 * @param leaderLockValidUntil     last successful renewal of this node's leader key + ttl, by this node's clock
 * @param promotionFinished        a primary has finished promoting (false while {@code pg_promote} is running)
 * @param lastHaLoopRun            start of the last HA cycle (for {@code /liveness})
 * @param ttl                      leader key ttl
 * @param cluster                  pre-rendered {@code /cluster}
 * @param history                  DCS timeline history for {@code /history}
 * @param configJson               raw JSON of the DCS {@code config} key for {@code /config}
 * @param failsafe                 the DCS {@code failsafe} key as this node last read or wrote it, for
 *                                 {@code GET /failsafe} ({@code {member: api_url}} in the key's order)
 * @param watchdogFailed           {@code watchdog.mode: required} cannot be met ({@code watchdog_failed} in the body)
 */
public record NodeSnapshot(String name, String scope, String patroniVersion, String state, String role,
                           Optional<PostgresStatus> postgres, long dcsLastSeen, Map<String, Object> tags,
                           Optional<String> databaseSystemIdentifier, boolean dcsAvailable, boolean clusterUnlocked,
                           boolean failsafeModeIsActive, boolean pause, boolean pendingRestart,
                           Map<String, Object> pendingRestartReason, Optional<Map<String, Object>> scheduledRestart,
                           boolean syncStandby, boolean quorumStandby, long clusterLeaderLsn, long maximumLagOnFailover,
                           Optional<Instant> leaderLockValidUntil, boolean promotionFinished, Instant lastHaLoopRun,
                           Duration ttl, ClusterBody cluster, List<HistoryRow> history,
                           Optional<String> configJson, Optional<Map<String, String>> failsafe,
                           boolean watchdogFailed) {

    /** Role of a primary on the wire (Patroni 3.x peers and patronictl expect {@code master}). */
    public static final String ROLE_PRIMARY = "master";
    public static final String ROLE_REPLICA = "replica";
    public static final String ROLE_STANDBY_LEADER = "standby_leader";
    public static final String ROLE_UNINITIALIZED = "uninitialized";
    public static final String ROLE_DEMOTED = "demoted";
    public static final String STATE_RUNNING = "running";
    public static final String STATE_STARTING = "starting";

    public NodeSnapshot {
        tags = orderedCopy(tags);
        pendingRestartReason = orderedCopy(pendingRestartReason);
        scheduledRestart = scheduledRestart.map(NodeSnapshot::orderedCopy);
        history = List.copyOf(history);
        failsafe = failsafe.map(NodeSnapshot::orderedCopy);
    }

    /**
     * "Nothing known yet": state {@code starting}, role {@code uninitialized}, no DCS view, no lock. Every health
     * check answers 503 except {@code /liveness}, which counts from {@code now}.
     */
    public static NodeSnapshot initial(String name, String scope, String patroniVersion, Instant now, Duration ttl) {
        return builder(name, scope, patroniVersion).lastHaLoopRun(now).ttl(ttl).build();
    }

    public static Builder builder(String name, String scope, String patroniVersion) {
        return new Builder(name, scope, patroniVersion);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public boolean isRunning() {
        return STATE_RUNNING.equals(state);
    }

    /** True while this node's leader key is valid by its own clock. */
    public boolean hasValidLock(long nowEpochMillis) {
        return leaderLockValidUntil.isPresent() && nowEpochMillis < leaderLockValidUntil.get().toEpochMilli();
    }

    /** The {@code noloadbalance} tag is set to a true value. */
    public boolean isNoLoadBalance() {
        return PyTruth.flag(tags.get("noloadbalance"));
    }

    static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Mutable builder; defaults describe an unknown, stopped-looking node. */
    public static final class Builder {
        private final String name;
        private final String scope;
        private final String patroniVersion;
        private String state = STATE_STARTING;
        private String role = ROLE_UNINITIALIZED;
        private Optional<PostgresStatus> postgres = Optional.empty();
        private long dcsLastSeen;
        private Map<String, Object> tags = Map.of();
        private Optional<String> databaseSystemIdentifier = Optional.empty();
        private boolean dcsAvailable;
        private boolean clusterUnlocked = true;
        private boolean failsafeModeIsActive;
        private boolean pause;
        private boolean pendingRestart;
        private Map<String, Object> pendingRestartReason = Map.of();
        private Optional<Map<String, Object>> scheduledRestart = Optional.empty();
        private boolean syncStandby;
        private boolean quorumStandby;
        private long clusterLeaderLsn;
        private long maximumLagOnFailover = 1_048_576;
        private Optional<Instant> leaderLockValidUntil = Optional.empty();
        private boolean promotionFinished = true;
        private Instant lastHaLoopRun = Instant.EPOCH;
        private Duration ttl = Duration.ofSeconds(30);
        private ClusterBody cluster = ClusterBody.EMPTY;
        private List<HistoryRow> history = List.of();
        private Optional<String> configJson = Optional.empty();
        private Optional<Map<String, String>> failsafe = Optional.empty();
        private boolean watchdogFailed;

        private Builder(String name, String scope, String patroniVersion) {
            this.name = name;
            this.scope = scope;
            this.patroniVersion = patroniVersion;
        }

        private Builder(NodeSnapshot s) {
            this(s.name, s.scope, s.patroniVersion);
            state = s.state;
            role = s.role;
            postgres = s.postgres;
            dcsLastSeen = s.dcsLastSeen;
            tags = s.tags;
            databaseSystemIdentifier = s.databaseSystemIdentifier;
            dcsAvailable = s.dcsAvailable;
            clusterUnlocked = s.clusterUnlocked;
            failsafeModeIsActive = s.failsafeModeIsActive;
            pause = s.pause;
            pendingRestart = s.pendingRestart;
            pendingRestartReason = s.pendingRestartReason;
            scheduledRestart = s.scheduledRestart;
            syncStandby = s.syncStandby;
            quorumStandby = s.quorumStandby;
            clusterLeaderLsn = s.clusterLeaderLsn;
            maximumLagOnFailover = s.maximumLagOnFailover;
            leaderLockValidUntil = s.leaderLockValidUntil;
            promotionFinished = s.promotionFinished;
            lastHaLoopRun = s.lastHaLoopRun;
            ttl = s.ttl;
            cluster = s.cluster;
            history = s.history;
            configJson = s.configJson;
            failsafe = s.failsafe;
            watchdogFailed = s.watchdogFailed;
        }

        public Builder state(String v) { state = v; return this; }
        public Builder role(String v) { role = v; return this; }
        public Builder postgres(PostgresStatus v) { postgres = Optional.of(v); return this; }
        public Builder noPostgres() { postgres = Optional.empty(); return this; }
        public Builder dcsLastSeen(long v) { dcsLastSeen = v; return this; }
        public Builder tags(Map<String, Object> v) { tags = v; return this; }
        public Builder databaseSystemIdentifier(String v) { databaseSystemIdentifier = Optional.ofNullable(v); return this; }
        /** Sets {@code dcsAvailable}; {@code clusterUnlocked} says whether a leader key exists. */
        public Builder dcs(boolean available, boolean unlocked) { dcsAvailable = available; clusterUnlocked = unlocked; return this; }
        public Builder failsafeModeIsActive(boolean v) { failsafeModeIsActive = v; return this; }
        public Builder pause(boolean v) { pause = v; return this; }
        public Builder pendingRestart(boolean v, Map<String, Object> reason) { pendingRestart = v; pendingRestartReason = reason; return this; }
        public Builder scheduledRestart(Map<String, Object> v) { scheduledRestart = Optional.ofNullable(v); return this; }
        public Builder syncStandby(boolean v) { syncStandby = v; return this; }
        public Builder quorumStandby(boolean v) { quorumStandby = v; return this; }
        public Builder clusterLeaderLsn(long v) { clusterLeaderLsn = v; return this; }
        public Builder maximumLagOnFailover(long v) { maximumLagOnFailover = v; return this; }
        public Builder leaderLockValidUntil(Instant v) { leaderLockValidUntil = Optional.ofNullable(v); return this; }
        public Builder promotionFinished(boolean v) { promotionFinished = v; return this; }
        public Builder lastHaLoopRun(Instant v) { lastHaLoopRun = v; return this; }
        public Builder ttl(Duration v) { ttl = v; return this; }
        public Builder cluster(ClusterBody v) { cluster = v; return this; }
        public Builder history(List<HistoryRow> v) { history = v; return this; }
        public Builder configJson(String v) { configJson = Optional.ofNullable(v); return this; }
        public Builder failsafe(Map<String, String> v) { failsafe = Optional.ofNullable(v); return this; }
        public Builder watchdogFailed(boolean v) { watchdogFailed = v; return this; }

        public NodeSnapshot build() {
            return new NodeSnapshot(name, scope, patroniVersion, state, role, postgres, dcsLastSeen, tags,
                    databaseSystemIdentifier, dcsAvailable, clusterUnlocked, failsafeModeIsActive, pause,
                    pendingRestart, pendingRestartReason, scheduledRestart, syncStandby, quorumStandby,
                    clusterLeaderLsn,
                    maximumLagOnFailover, leaderLockValidUntil, promotionFinished, lastHaLoopRun, ttl, cluster,
                    history, configJson, failsafe, watchdogFailed);
        }
    }
}
