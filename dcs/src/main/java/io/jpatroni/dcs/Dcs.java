package io.jpatroni.dcs;

import io.jpatroni.dcs.model.Cluster;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One member's handle on the cluster state in the DCS, with Patroni's key layout and values.
 *
 * <p>Contract for every method: writes are single etcd transactions (atomic); a {@code false}
 * result means a lost race or a failed compare-and-set (somebody else changed the key), never an
 * error; {@link DcsUnavailableException} means the DCS did not answer within the retry timeout.
 * Nothing blocks longer than the retry timeout except {@link #watch}, which blocks for at most its
 * own timeout.
 *
 * <p>Leases: this member owns one lease of {@code ttl} seconds. Its member key and, while it is the
 * leader, the {@code leader} key are attached to it. The lease is refreshed only by calls made
 * from the HA loop ({@link #attemptToAcquireLeader}, {@link #updateLeader}, {@link #touchMember}),
 * at most once per cycle (a cycle starts with {@link #load()}) and never in the background, so a
 * stuck loop loses the lock after {@code ttl}.
 */
public interface Dcs extends AutoCloseable {

    /** The name of this member (value of the leader key when it holds the lock). */
    String memberName();

    // ---- read ----

    /**
     * The cluster as one consistent view, and the start of a cycle. Served from the cache the prefix
     * watch keeps (as Patroni's etcd3 backend does); read from the DCS when no watch runs yet, after
     * it broke, or after this member changed a key it may rely on at once (lock, initialize, config…).
     * Other members' writes show up once the watch delivers them (milliseconds).
     */
    Cluster load();

    // ---- leader lock ----

    /**
     * Creates the {@code leader} key with our name and lease if it does not exist. True when we
     * took the lock, false when someone else holds it.
     */
    boolean attemptToAcquireLeader();

    /**
     * Refreshes our lease (once per cycle); if the {@code leader} key still holds our name (re-attaching it to
     * our current lease when needed) returns true and then writes {@code status} with the given
     * optime (when positive), slots and retained slots if they changed. False when the key is gone
     * or not ours, as this cycle's {@link #load()} saw it.
     */
    boolean updateLeader(LeaderStatus status);

    /**
     * Writes {@code lastLsn} into {@code status} when present, then deletes the {@code leader} key
     * only if it still holds our name. False when it was not ours (nothing deleted).
     */
    boolean deleteLeader(OptionalLong lastLsn);

    // ---- member ----

    /** Writes our member JSON (in the map's order) attached to our lease, renewing or re-granting it. */
    boolean touchMember(Map<String, Object> data);

    // ---- compare-and-set keys ----

    /**
     * {@code create}: creates {@code initialize} with {@code sysid} only if absent (bootstrap race).
     * Otherwise sets it, compare-and-set on the mod revision seen by the last {@link #load()}.
     */
    boolean initialize(boolean create, String sysid);

    /** Deletes {@code initialize} (failed bootstrap). */
    boolean cancelInitialization();

    /** Sets {@code config}; with a mod revision, only if the key still has it. */
    boolean setConfigValue(String json, OptionalLong modRevision);

    /** Sets {@code failover}; with a mod revision, only if the key still has it. */
    boolean setFailoverValue(String json, OptionalLong modRevision);

    /** Sets {@code sync}; with a mod revision, only if the key still has it. */
    boolean setSyncStateValue(String json, OptionalLong modRevision);

    /** Deletes {@code sync}; with a mod revision, only if the key still has it. */
    boolean deleteSyncState(OptionalLong modRevision);

    // ---- plain writes ----

    /** Sets {@code history} (a JSON list of timeline switches). */
    boolean setHistoryValue(String json);

    /** Sets {@code failsafe} to {@code {member: api_url}}. */
    boolean writeFailsafe(Map<String, String> members);

    /** Deletes every key of the cluster. */
    boolean deleteCluster();

    // ---- waiting ----

    /**
     * Blocks until the {@code leader} key differs from the state with mod revision
     * {@code leaderModRevision} (empty = there was no leader key): changed, deleted or created.
     * Returns true when woken by such a change, false after {@code timeout}. Backed by one
     * long-lived watch on the cluster prefix, started by the first {@link #load()}.
     */
    boolean watch(OptionalLong leaderModRevision, Duration timeout);

    // ---- dynamic configuration ----

    /** New lease TTL; takes effect with the next lease (granted at the next refresh). */
    void setTtl(int seconds);

    /** New bound for every DCS request. */
    void setRetryTimeout(Duration retryTimeout);

    @Override
    void close();
}
