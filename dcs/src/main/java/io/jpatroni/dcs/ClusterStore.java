package io.jpatroni.dcs;

import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One cluster's state in the DCS as anyone may read and change it: jpatronictl, the REST API's management threads,
 * and the HA loop for the keys users also write ({@code config}, {@code failover}). Patroni's key layout and values;
 * the JSON is written here, never by callers.
 *
 * <p>Contract for every method: writes are single transactions (atomic); {@code false} means a failed
 * compare-and-set (somebody else changed the key), never an error; {@link DcsUnavailableException} means the DCS did
 * not answer within the retry timeout. Nothing here refreshes a lease or touches the HA loop's per-cycle view (that is
 * {@link MemberSession}), so any thread may call it at any time.
 */
public interface ClusterStore extends AutoCloseable {

    /**
     * The cluster as one consistent view. A member's store answers from the cache its watch keeps when that cache
     * holds the member's own latest writes, else with one range read; jpatronictl's store always reads, and never
     * starts a watch (a short-lived command has no use for it, and a gRPC stream costs time to open and close).
     */
    Cluster read();

    /**
     * Blocks until the {@code leader} key differs from the state with mod revision {@code leaderModRevision} (empty =
     * there was no leader key): changed, deleted or created. True when woken by such a change, false after
     * {@code timeout}. Backed by one long-lived watch on the cluster prefix: a member's {@link MemberSession#load()}
     * starts it (and restarts it after the DCS was unreachable; meanwhile this waits the timeout out), a store that
     * never loads starts it here with one range read.
     */
    boolean awaitLeaderChange(OptionalLong leaderModRevision, Duration timeout);

    /**
     * Ends a current {@link #awaitLeaderChange} at once (it returns false), or the next one if none waits now: the HA
     * loop's doorbell, so that the loop can wait out {@code loop_wait} in one piece instead of polling. Does nothing
     * where {@link #interruptibleWaits()} is false.
     */
    default void interruptWait() {
    }

    /** True when {@link #interruptWait()} works here; else a caller that must hear a bell waits in short slices. */
    default boolean interruptibleWaits() {
        return false;
    }

    /**
     * Sets {@code config} to {@code config} (kept in its map order), compact as Patroni's daemon and REST API write it;
     * with a mod revision, only if the key still has it.
     */
    boolean setConfig(Map<String, Object> config, OptionalLong modRevision);

    /**
     * Same as {@link #setConfig}, spaced as patronictl's {@code edit-config} writes it ({@code json.dumps}' default
     * separators), so that the key holds the same bytes whichever command line tool edited it.
     */
    boolean setConfigAsPatronictl(Map<String, Object> config, OptionalLong modRevision);

    /**
     * Sets {@code failover} to {@code {"leader":..,"member":..,"scheduled_at":..}} with the fields present in
     * {@code failover} ({@code {}} for {@link Failover#cleared()}); its own mod revision is ignored. With a mod
     * revision, only if the key still has it.
     */
    boolean setFailover(Failover failover, OptionalLong modRevision);

    /** Deletes every key of the cluster. */
    boolean deleteCluster();

    @Override
    void close();
}
