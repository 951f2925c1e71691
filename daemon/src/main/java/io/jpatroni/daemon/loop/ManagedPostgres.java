package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.HistoryEntry;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.daemon.model.StandbyCluster;
import io.jpatroni.daemon.model.SyncObservation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the HA loop does to the local PostgreSQL. Implemented over the postgres module; faked in
 * loop tests. Every method either completes or throws with a message naming what failed (the
 * command, its exit code, the tail of its output); none leaves a half-written data directory.
 */
public interface ManagedPostgres {

    /** Looks at the instance. Never throws because PostgreSQL is down: that is an observation. */
    Observation observe();

    /** Whether the stopped local data can follow {@code leader}'s timeline as it is. */
    Divergence divergenceFrom(MemberTarget leader);

    /** initdb, start as primary, create users, apply bootstrap pg_hba, run post_bootstrap. Blocking. */
    void bootstrap();

    /**
     * The bootstrap this node ran is complete and published (initialize key, leader key): the first callback,
     * {@code on_start}, may run.
     */
    default void bootstrapCompleted() {
    }

    /** A custom bootstrap method ran and started PostgreSQL; {@link #postBootstrap} has not run yet. */
    default boolean awaitingPostBootstrap() {
        return false;
    }

    /** The second half of a custom bootstrap, once PostgreSQL runs as a primary. Blocking. */
    default void postBootstrap() {
        throw new UnsupportedOperationException("postBootstrap");
    }

    /**
     * The bootstrap failed and is being cancelled: a custom bootstrap's PostgreSQL is stopped and its data directory
     * moved aside (a failed task has done that already).
     */
    default void bootstrapCancelled() {
    }

    /** Create the data directory with a replica method that needs no leader ({@code no_leader}). Blocking. */
    default void cloneWithoutLeader() {
        throw new UnsupportedOperationException("cloneWithoutLeader");
    }

    /** Create the data directory from {@code source} (pg_basebackup or a create_replica_method). Blocking. */
    void cloneFrom(MemberTarget source);

    /** pg_rewind onto {@code leader}'s timeline (crash recovery first if needed). Blocking. */
    void rewind(MemberTarget leader);

    /** Remove the data directory and clone again from {@code source}. Blocking. */
    void reinitialize(MemberTarget source);

    /** Write the standby configuration for {@code leader} (or none) and start; returns once it accepts connections. */
    void startAsReplica(Optional<MemberTarget> leader);

    /** A running replica: point primary_conninfo at {@code leader} (reload or restart as needed); no-op if it already does. */
    void follow(Optional<MemberTarget> leader);

    /**
     * Standby cluster: start following the remote host ({@code standbyLeader}: as this cluster's standby leader,
     * callbacks with {@code standby_leader}), or point a running replica at it (reload or restart as needed).
     */
    default void followRemote(StandbyCluster remote, boolean standbyLeader) {
        throw new UnsupportedOperationException("followRemote");
    }

    /** Standby cluster: create the data directory from the remote host with the section's methods. Blocking. */
    default void cloneFromRemote(StandbyCluster remote) {
        throw new UnsupportedOperationException("cloneFromRemote");
    }

    /**
     * Promote and return once out of recovery; with a {@code pre_promote} script, run it first and throw a
     * {@link PostgresOperationException} with {@link io.jpatroni.daemon.model.TaskOutcome#PRE_PROMOTE_FAILED} when it
     * vetoes the promotion.
     */
    void promote();

    /** Whether a promotion takes long enough to run as a background task (a {@code pre_promote} script runs first). */
    default boolean promotesInBackground() {
        return false;
    }

    /** Stop being a primary: stop in {@code mode}'s way and leave the standby configuration (following nobody). */
    void demote(DemoteMode mode);

    /** Restart (fast stop, start) in the current role, clearing pending-restart parameters. Blocking. */
    default void restart() {
        throw new UnsupportedOperationException("restart");
    }

    /** CHECKPOINT on the running primary (before a planned stop, so that the shutdown checkpoint is short). */
    default void checkpoint() {
    }

    /** Interrupt a running start, clone or rewind (its task then fails). */
    default void cancelLongOperation() {
    }

    /** Stop PostgreSQL with a fast shutdown (the daemon is shutting down). */
    void stop();

    /** Patroni's word for what PostgreSQL is doing ({@code running}, {@code creating replica}, {@code starting}…). */
    default String stateWord(Observation observation) {
        return observation.process().word();
    }

    /** The timeline history file of {@code timeline} (pg_wal/0000000N.history), parsed; empty when absent. */
    default List<HistoryEntry> timelineHistory(long timeline) {
        return List.of();
    }

    /**
     * New {@code postgresql.parameters} (SIGHUP, a changed dynamic configuration): rewrite the files and reload a
     * running PostgreSQL; once this returns, {@link #appliedParameters()} are these.
     */
    void applyParameters(Map<String, String> parameters);

    /** The {@code postgresql.parameters} last given to PostgreSQL (at start, or by {@link #applyParameters}). */
    Map<String, String> appliedParameters();

    /** The local replication slots with what the slot upkeep remembers; empty when they cannot be read. */
    Optional<SlotFacts> slotFacts();

    /** Carry out a slot plan (drop inactive slots, create, advance) and manage its wanted slots from now on. */
    void keepSlots(SlotPlan plan);

    /** Where this primary's permanent slots stood at the last plan, for the {@code status} key. */
    Map<String, Long> slotPositions();

    /**
     * Copy the primary's logical slots {@code slots} here: read their state files from {@code leader}, stop
     * PostgreSQL, install them, start it again as a replica of {@code leader}. Blocking (a background task).
     */
    void copyLogicalSlots(MemberTarget leader, Map<String, SlotSpec> slots);
    /**
     * The running primary's synchronous replication facts as of the last {@link #observe()}
     * ({@link SyncObservation#NONE} on a replica or a stopped server).
     */
    default SyncObservation syncObservation() {
        return SyncObservation.NONE;
    }

    /**
     * Take {@code synchronous_standby_names} over from the configured parameters and set it: {@code kind num (names)}
     * ({@code names} may be just {@code *}; kind OFF: unset); reload when it changed.
     */
    default void setSynchronousStandbyNames(SyncObservation.Kind kind, int num, Set<String> names) {
        throw new UnsupportedOperationException("synchronous_standby_names");
    }

    /** Give {@code synchronous_standby_names} back to the configured parameters. */
    default void releaseSynchronousStandbyNames() {
    }
}
