package io.jpatroni.dcs;

import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One member's session with the DCS, which only its HA loop may use: the leader lock, the member key, and the keys
 * only the leader or the bootstrapping member write. Same contract as {@link ClusterStore} for results and
 * {@link DcsUnavailableException}.
 *
 * <p>Leases: this member owns one lease of {@code ttl} seconds. Its member key and, while it is the leader, the
 * {@code leader} key are attached to it. The lease is refreshed only by {@link #attemptToAcquireLeader},
 * {@link #updateLeader} and {@link #touchMember}, at most once per cycle (a cycle starts with {@link #load()}) and
 * never in the background, so a stuck loop loses the lock after {@code ttl}.
 */
public interface MemberSession extends AutoCloseable {

    /** The name of this member (value of the leader key when it holds the lock). */
    String memberName();

    /**
     * The start of a cycle: the cluster as one consistent view, as {@link ClusterStore#read()} gives it, and the
     * view the cycle's lock and initialize calls compare with; the lease may be refreshed once again. Served from the
     * cache the prefix watch keeps (as Patroni's etcd3 backend does), started here; read from the DCS when no watch
     * runs yet, after it broke, or after this member changed a key it may rely on at once (lock, initialize,
     * config...). Other members' writes show up once the watch delivers them (milliseconds).
     */
    Cluster load();

    // ---- leader lock ----

    /**
     * Creates the {@code leader} key with our name and lease if it does not exist. True when we took the lock, false
     * when someone else holds it.
     */
    boolean attemptToAcquireLeader();

    /**
     * Refreshes our lease (once per cycle); if the {@code leader} key still holds our name (re-attaching it to our
     * current lease when needed) returns true and then writes {@code status} with the given optime (when positive),
     * slots and retained slots if they changed. False when the key is gone or not ours, as this cycle's
     * {@link #load()} saw it.
     */
    boolean updateLeader(LeaderStatus status);

    /**
     * Writes {@code lastLsn} into {@code status} when present, then deletes the {@code leader} key only if it still
     * holds our name. False when it was not ours (nothing deleted).
     */
    boolean deleteLeader(OptionalLong lastLsn);

    // ---- member ----

    /** Writes our member JSON (in the map's order) attached to our lease, renewing or re-granting it. */
    boolean touchMember(Map<String, Object> data);

    // ---- bootstrap ----

    /**
     * {@code create}: creates {@code initialize} with {@code sysid} only if absent (bootstrap race). Otherwise sets
     * it, compare-and-set on the mod revision seen by the last {@link #load()}.
     */
    boolean initialize(boolean create, String sysid);

    /** Deletes {@code initialize} (failed bootstrap). */
    boolean cancelInitialization();

    // ---- the leader's keys ----

    /** Sets {@code history}: {@code [[timeline, lsn, "reason", "timestamp", "new_leader"], ...]}. */
    boolean setHistory(List<HistoryLine> lines);

    /** Sets {@code failsafe} to {@code {member: api_url}}. */
    boolean writeFailsafe(Map<String, String> members);

    /** Deletes {@code failsafe} (failsafe mode was turned off; Patroni never deletes it, jpatroni does). */
    boolean deleteFailsafe();

    /**
     * Sets {@code sync} to {@code {"leader":..,"sync_standby":"a,b"}} (standbys sorted, {@code null} when none;
     * {@code quorum} when present); its own mod revision is ignored. With a mod revision, only if the key still has
     * it.
     */
    boolean setSyncState(SyncState state, OptionalLong modRevision);

    /** Deletes {@code sync}; with a mod revision, only if the key still has it. */
    boolean deleteSyncState(OptionalLong modRevision);

    // ---- dynamic configuration ----

    /** New lease TTL; takes effect with the next lease (granted at the next refresh). */
    void setTtl(int seconds);

    /** New bound for every DCS request. */
    void setRetryTimeout(Duration retryTimeout);

    /**
     * A second bound, asked before every request: the request waits at most {@code min(retry timeout, budget)} and,
     * when the budget is what ended it, fails with {@link DcsCutShortException} (a budget of zero or less: not
     * sent). The HA loop uses it so that a primary kept by failsafe mode still has time for its failsafe round before
     * its fence's deadline. Backends without it (ZooKeeper, whose session has its own timeouts) ignore it.
     */
    default void setCallBudget(java.util.function.Supplier<Duration> budget) {
    }

    @Override
    void close();
}
