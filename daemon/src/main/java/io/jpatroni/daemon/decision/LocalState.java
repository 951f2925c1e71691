package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.FailsafeFacts;
import io.jpatroni.daemon.model.GuardStatus;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.PostgresProcess;
import io.jpatroni.daemon.model.RunningTask;
import io.jpatroni.daemon.model.ScheduledRestart;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SyncObservation;
import io.jpatroni.daemon.model.TaskOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What this node knows about itself at one moment of a cycle: the local PostgreSQL, the background task if any,
 * the peers' answers gathered for a leader race, and the facts the upkeep needs. The loop builds it from real I/O
 * twice a cycle, before the action (for the decision) and after it (for the upkeep); the decision only reads it.
 *
 * @param observation       the local PostgreSQL and its data directory
 * @param task              the background task still running, if any
 * @param finishedTask      the background task that finished since the last cycle, if any
 * @param divergence        whether the local data must be rewound or re-cloned to follow the leader
 * @param peers             GET /patroni answers of the other members (filled only for a leader race)
 * @param firstCycle        no cycle has yet found PostgreSQL running since this daemon started (Patroni's
 *                          {@code cb_called} is still false): PostgreSQL may have been running before us
 * @param holdsValidLock    this node's lease on the leader key is valid by its own clock
 * @param scheduledRestart  the restart waiting for its time, if any
 * @param appliedParameters the {@code postgresql.parameters} the local PostgreSQL was last given
 * @param now               the moment, from the injected clock
 * @param failsafe          the failsafe key as last known and, while the DCS is unreachable, the primary's round of
 *                          {@code POST /failsafe}
 * @param awaitingPostBootstrap a custom bootstrap method ran and started PostgreSQL; post_bootstrap has not run yet
 *                          (Patroni's {@code bootstrapping} with no post_bootstrap result)
 * @param sync              the running primary's synchronous replication facts ({@link SyncObservation#NONE} else)
 * @param guards            the watchdog device and the fence: running, healthy
 * @param prePromoteFailedAt when the {@code pre_promote} script last vetoed a promotion of this node (Patroni's
 *                          back-off: no leader race for a ttl after it)
 * @param slots             the local replication slots, read after the action for the slot upkeep (empty before it,
 *                          or when PostgreSQL does not run)
 */
public record LocalState(
        Observation observation,
        Optional<RunningTask> task,
        Optional<TaskOutcome> finishedTask,
        Divergence divergence,
        Map<String, PeerStatus> peers,
        boolean firstCycle,
        boolean holdsValidLock,
        Optional<ScheduledRestart> scheduledRestart,
        Map<String, String> appliedParameters,
        Instant now,
        FailsafeFacts failsafe,
        boolean awaitingPostBootstrap,
        GuardStatus guards,
        Optional<Instant> prePromoteFailedAt,
        SyncObservation sync,
        Optional<SlotFacts> slots) {

    public LocalState {
        peers = Map.copyOf(peers);
        appliedParameters = Map.copyOf(appliedParameters);
    }

    /** Knowing nothing of failsafe mode, no custom bootstrap under way, without guards or a vetoed promotion. */
    public LocalState(Observation observation, Optional<RunningTask> task, Optional<TaskOutcome> finishedTask,
                      Divergence divergence, Map<String, PeerStatus> peers, boolean firstCycle, boolean holdsValidLock,
                      Optional<ScheduledRestart> scheduledRestart, Map<String, String> appliedParameters, Instant now) {
        this(observation, task, finishedTask, divergence, peers, firstCycle, holdsValidLock, scheduledRestart,
                appliedParameters, now, FailsafeFacts.none(), false, GuardStatus.idle(), Optional.empty(),
                SyncObservation.NONE);
    }

    /** Without guards or a vetoed promotion. */
    public LocalState(Observation observation, Optional<RunningTask> task, Optional<TaskOutcome> finishedTask,
                      Divergence divergence, Map<String, PeerStatus> peers, boolean firstCycle, boolean holdsValidLock,
                      Optional<ScheduledRestart> scheduledRestart, Map<String, String> appliedParameters, Instant now,
                      FailsafeFacts failsafe, boolean awaitingPostBootstrap) {
        this(observation, task, finishedTask, divergence, peers, firstCycle, holdsValidLock, scheduledRestart,
                appliedParameters, now, failsafe, awaitingPostBootstrap, GuardStatus.idle(), Optional.empty(),
                SyncObservation.NONE);
    }

    /** Without the local slots (the decision before the action does not need them). */
    public LocalState(Observation observation, Optional<RunningTask> task, Optional<TaskOutcome> finishedTask,
                      Divergence divergence, Map<String, PeerStatus> peers, boolean firstCycle, boolean holdsValidLock,
                      Optional<ScheduledRestart> scheduledRestart, Map<String, String> appliedParameters, Instant now,
                      FailsafeFacts failsafe, boolean awaitingPostBootstrap, GuardStatus guards,
                      Optional<Instant> prePromoteFailedAt, SyncObservation sync) {
        this(observation, task, finishedTask, divergence, peers, firstCycle, holdsValidLock, scheduledRestart,
                appliedParameters, now, failsafe, awaitingPostBootstrap, guards, prePromoteFailedAt, sync,
                Optional.empty());
    }

    public DataDir dataDir() {
        return observation.dataDir();
    }

    /** The data directory's database system identifier. */
    public Optional<String> systemId() {
        return observation.systemId();
    }

    /** The postmaster's state. */
    public PostgresProcess process() {
        return observation.process();
    }

    /** True while PostgreSQL runs as a replica (meaningful when running). */
    public boolean inRecovery() {
        return observation.inRecovery();
    }

    /** Current WAL LSN on a primary; max(received, replayed) on a replica. */
    public long walPosition() {
        return observation.walPosition();
    }

    public long timeline() {
        return observation.timeline();
    }

    public boolean isRunning() {
        return observation.isRunning();
    }

    public boolean isRunningPrimary() {
        return isRunning() && !inRecovery();
    }
}
