package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.model.BootInstant;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.HistoryEntry;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.SyncObservation;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.TimelineHistory;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import io.jpatroni.pycompat.PyTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Decision}: the only place where the HA loop's choices touch the DCS and
 * PostgreSQL. Returns the status line of the branch actually taken (a lost race changes it).
 */
public final class ActionExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);
    /**
     * Actions that leave the local PostgreSQL as it was (the DCS, the guards, the log): after only these, the loop
     * publishes the cycle's observation instead of asking PostgreSQL again. Every other action counts as one that may
     * have changed it.
     */
    private static final Set<Class<? extends Action>> LEAVE_POSTGRES = Set.of(Action.NoAction.class,
            Action.AcquireLock.class, Action.UpdateLock.class, Action.ReleaseLock.class, Action.RaceInitialize.class,
            Action.WriteInitialize.class, Action.Sequence.class, Action.ClearFailover.class, Action.WaitUntil.class,
            Action.ActivateGuards.class, Action.KeepaliveGuards.class, Action.DisableGuards.class,
            Action.ReportError.class, Action.WriteConfigKey.class, Action.UpdateHistory.class,
            Action.WriteSyncKey.class, Action.DeleteSyncKey.class, Action.DropScheduledRestart.class,
            Action.ExtendLeadershipByFailsafe.class, Action.WriteFailsafe.class, Action.DeleteFailsafe.class);
    private final Dcs dcs;
    private final ManagedPostgres postgres;
    private final AsyncTaskRunner tasks;
    private final Leadership leadership;
    private final RestartSchedule restarts;
    private final Supplier<Map<String, Object>> dynamicConfig;
    private final Clock clock;
    private final Failsafe failsafe;
    private final Guards guards;
    private long postgresActions;

    /**
     * @param dynamicConfig the dynamic configuration in force, for the {@code config} key (written after a bootstrap
     *                      and when the leader finds the key missing)
     */
    public ActionExecutor(Dcs dcs, ManagedPostgres postgres, AsyncTaskRunner tasks, Leadership leadership,
                          RestartSchedule restarts, Supplier<Map<String, Object>> dynamicConfig, Clock clock) {
        this(dcs, postgres, tasks, leadership, restarts, dynamicConfig, clock, new Failsafe(""), Guards.none());
    }

    /** @param failsafe told when this node writes or deletes the {@code failsafe} key */
    public ActionExecutor(Dcs dcs, ManagedPostgres postgres, AsyncTaskRunner tasks, Leadership leadership,
                          RestartSchedule restarts, Supplier<Map<String, Object>> dynamicConfig, Clock clock,
                          Failsafe failsafe) {
        this(dcs, postgres, tasks, leadership, restarts, dynamicConfig, clock, failsafe, Guards.none());
    }

    /** @param guards the watchdog device and the fence, driven by the decision's guard actions */
    public ActionExecutor(Dcs dcs, ManagedPostgres postgres, AsyncTaskRunner tasks, Leadership leadership,
                          RestartSchedule restarts, Supplier<Map<String, Object>> dynamicConfig, Clock clock,
                          Guards guards) {
        this(dcs, postgres, tasks, leadership, restarts, dynamicConfig, clock, new Failsafe(""), guards);
    }

    /**
     * @param failsafe told when this node writes or deletes the {@code failsafe} key
     * @param guards   the watchdog device and the fence, driven by the decision's guard actions
     */
    public ActionExecutor(Dcs dcs, ManagedPostgres postgres, AsyncTaskRunner tasks, Leadership leadership,
                          RestartSchedule restarts, Supplier<Map<String, Object>> dynamicConfig, Clock clock,
                          Failsafe failsafe, Guards guards) {
        this.failsafe = failsafe;
        this.guards = guards;
        this.dcs = dcs;
        this.postgres = postgres;
        this.tasks = tasks;
        this.leadership = leadership;
        this.restarts = restarts;
        this.dynamicConfig = dynamicConfig;
        this.clock = clock;
    }

    /** The facts of this cycle an action may need. */
    public record Context(Cluster cluster, Observation observation, Duration ttl) {
    }

    public String execute(Decision decision, Context ctx) {
        return run(decision.action(), ctx).orElse(decision.status());
    }

    /**
     * Carries out the upkeep the decision asked for after the cycle's action, in order. A DCS or PostgreSQL failure
     * ends it for this cycle (logged); the next cycle decides again. A DCS call cut short by the loop's budget is
     * thrown ({@link DcsCutShortException}): the loop handles that outage in this cycle.
     *
     * @return whether PostgreSQL was given new parameters (the caller observes it again before publishing)
     */
    public boolean upkeep(List<Action> actions, Context ctx) {
        boolean reconfigured = false;
        try {
            for (Action action : actions) {
                if (action instanceof Action.ApplyParameters p) {
                    reconfigured |= applyParameters(p.parameters());
                } else {
                    run(action, ctx);
                }
            }
        } catch (DcsCutShortException e) {
            throw e;   // out of the time the fence leaves: the loop handles the outage now
        } catch (DcsUnavailableException e) {
            LOG.warn("DCS is not accessible: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping after the cycle failed: {}", e.getMessage());
        }
        return reconfigured;
    }

    /**
     * How many actions that may have changed the local PostgreSQL ran so far (a counter the loop reads before and after
     * a decision: equal means PostgreSQL is as the cycle observed it).
     */
    public long postgresActions() {
        return postgresActions;
    }

    /** @return the status of a continuation taken, when the action chose one */
    private Optional<String> run(Action action, Context ctx) {
        if (!LEAVE_POSTGRES.contains(action.getClass())) {
            postgresActions++;
        }
        if (action instanceof Action.NoAction) {
            return Optional.empty();
        } else if (action instanceof Action.AcquireLock a) {
            BootInstant sentAtBoot = guards.bootNow();
            Instant sentAt = clock.instant();
            if (lockCall(dcs::attemptToAcquireLeader)) {
                leadership.renewed(sentAt, sentAtBoot, ctx.ttl());
                if (!ctx.observation().inRecovery()) {
                    leadership.promotionFinished();
                }
                return Optional.of(execute(a.onWin(), ctx));
            }
            return Optional.of(execute(a.onLose(), ctx));
        } else if (action instanceof Action.UpdateLock u) {
            BootInstant sentAtBoot = guards.bootNow();
            Instant sentAt = clock.instant();
            // a DCS that does not answer is not a lost lock: the loop judges the cycle again with the DCS unreachable
            // (Patroni's DCSError -> _handle_dcs_error), where failsafe mode may keep this primary
            if (dcs.updateLeader(leaderStatus(ctx.observation()))) {
                leadership.renewed(sentAt, sentAtBoot, ctx.ttl());
                if (ctx.observation().isRunning() && !ctx.observation().inRecovery()) {
                    leadership.promotionFinished();
                }
                return Optional.of(execute(u.onSuccess(), ctx));
            }
            leadership.lost();
            return Optional.of(execute(u.onFailure(), ctx));
        } else if (action instanceof Action.ReleaseLock) {
            leadership.lost();
            dcs.deleteLeader(lsn(ctx.observation()));
        } else if (action instanceof Action.RaceInitialize r) {
            return Optional.of(execute(dcs.initialize(true, "") ? r.onWin() : r.onLose(), ctx));
        } else if (action instanceof Action.Bootstrap) {
            tasks.start(TaskKind.BOOTSTRAP, postgres::bootstrap);
        } else if (action instanceof Action.PostBootstrap) {
            tasks.start(TaskKind.POST_BOOTSTRAP, postgres::postBootstrap);
        } else if (action instanceof Action.CloneWithoutLeader) {
            tasks.start(TaskKind.CLONE, HaMessages.BOOTSTRAP_WITHOUT_LEADER, () -> {
                postgres.cloneWithoutLeader();
                postgres.startAsReplica(Optional.empty());
            });
        } else if (action instanceof Action.CompleteBootstrap) {
            completeBootstrap(ctx);
        } else if (action instanceof Action.CancelBootstrap) {
            cancelBootstrap();
        } else if (action instanceof Action.WriteInitialize w) {
            if (!dcs.initialize(w.create(), w.sysid())) {
                LOG.warn("Could not set the initialize key to {}", w.sysid());
            }
        } else if (action instanceof Action.CloneFrom c) {
            MemberTarget source = target(ctx.cluster(), c.member());
            String words = "bootstrap from " + (ctx.cluster().leaderName().filter(source.name()::equals).isPresent()
                    ? "leader" : "replica") + " '" + source.name() + "'";
            Optional<MemberTarget> upstream = c.follow().map(name -> target(ctx.cluster(), name));
            tasks.start(TaskKind.CLONE, words, () -> {
                postgres.cloneFrom(source);
                postgres.startAsReplica(upstream);
            });
        } else if (action instanceof Action.Promote) {
            if (postgres.promotesInBackground()) {
                tasks.start(TaskKind.PROMOTE, postgres::promote);   // pre_promote first; the loop keeps the lock
            } else {
                postgres.promote();
                leadership.promotionFinished();
            }
        } else if (action instanceof Action.ActivateGuards g) {
            BootInstant renewedAt = leadership.renewedAtBoot().orElseGet(guards::bootNow);
            return Optional.of(execute(guards.activate(g.armFence(), renewedAt) ? g.onActive() : g.onRefused(), ctx));
        } else if (action instanceof Action.KeepaliveGuards k) {
            guards.keepalive(k.armFence(), k.renewedAt().or(leadership::renewedAtBoot).orElseGet(guards::bootNow));
        } else if (action instanceof Action.DisableGuards) {
            guards.disable();
        } else if (action instanceof Action.ReportError r) {
            LOG.error("{}", r.line());
        } else if (action instanceof Action.Demote d) {
            demote(d.mode(), ctx);
        } else if (action instanceof Action.Follow f) {
            Optional<MemberTarget> leader = f.leader().map(name -> target(ctx.cluster(), name));
            if (ctx.observation().isRunning()) {
                postgres.follow(leader);
            } else {
                // in the background as Patroni's recover(): pg_ctl start may take up to pg_ctl_timeout, and the
                // loop must keep cycling (and the REST API keep telling the truth) meanwhile
                tasks.start(TaskKind.START, "restarting after failure", () -> postgres.startAsReplica(leader));
            }
        } else if (action instanceof Action.FollowRemote f) {
            if (ctx.observation().isRunning() || !f.standbyLeader()) {
                postgres.followRemote(f.remote(), f.standbyLeader());
            } else {
                // the standby leader starts in the background while it keeps its lock, as a leader starts
                tasks.start(TaskKind.START, () -> postgres.followRemote(f.remote(), true));
            }
        } else if (action instanceof Action.BootstrapStandbyLeader b) {
            tasks.start(TaskKind.BOOTSTRAP, "bootstrap_standby_leader", () -> {
                postgres.cloneFromRemote(b.remote());
                postgres.followRemote(b.remote(), true);
            });
        } else if (action instanceof Action.StartAsReadOnlyLeader) {
            tasks.start(TaskKind.START, () -> postgres.startAsReplica(Optional.empty()));
        } else if (action instanceof Action.Rewind r) {
            MemberTarget leader = target(ctx.cluster(), r.leader());
            tasks.start(TaskKind.REWIND, () -> {
                postgres.rewind(leader);
                postgres.startAsReplica(Optional.of(leader));
            });
        } else if (action instanceof Action.Reinitialize r) {
            MemberTarget leader = target(ctx.cluster(), r.leader());
            tasks.start(TaskKind.REINITIALIZE, () -> {
                postgres.reinitialize(leader);
                postgres.startAsReplica(Optional.of(leader));
            });
        } else if (action instanceof Action.SetSynchronousStandbyNames n) {
            if (!n.logLine().isEmpty()) {
                LOG.info("{}", n.logLine());
            }
            postgres.setSynchronousStandbyNames(n.kind(), n.num(), n.names());
        } else if (action instanceof Action.ReleaseSynchronousStandbyNames) {
            postgres.releaseSynchronousStandbyNames();
        } else if (action instanceof Action.WriteSyncKey w) {
            SyncState state = new SyncState(0, Optional.of(w.leader()), w.standbys(), w.quorum());
            if (!dcs.setSyncState(state, w.revision())) {
                LOG.info("Synchronous replication key updated by someone else");
                return Optional.empty();
            }
            if (!w.logLine().isEmpty()) {
                LOG.info("{}", w.logLine());
            }
            return run(w.then(), ctx);
        } else if (action instanceof Action.DeleteSyncKey d) {
            if (!dcs.deleteSyncState(d.revision())) {
                LOG.info("Synchronous replication key updated by someone else");
                return Optional.empty();
            }
            LOG.info("Disabled synchronous replication");
            return run(d.then(), ctx);
        } else if (action instanceof Action.ClaimSyncBeforePromotion c) {
            SyncState claim = new SyncState(0, Optional.of(c.leader()), Set.of(),
                    c.quorum() ? OptionalInt.of(0) : OptionalInt.empty());
            if (!dcs.setSyncState(claim, c.revision())) {
                return Optional.of(HaMessages.POSTPONING_PROMOTION);
            }
            postgres.setSynchronousStandbyNames(c.strict() ? SyncObservation.Kind.PRIORITY : SyncObservation.Kind.OFF,
                    c.strict() ? 1 : 0, c.strict() ? Set.of("*") : Set.of());
            return run(c.then(), ctx);
        } else if (action instanceof Action.Sequence s) {
            Optional<String> last = Optional.empty();
            for (Action step : s.steps()) {
                Optional<String> status = run(step, ctx);
                if (status.isPresent()) {
                    last = status;
                }
            }
            return last;
        } else if (action instanceof Action.ClearFailover c) {
            clearFailover(c);
        } else if (action instanceof Action.WaitUntil w) {
            waitUntil(w.at());
        } else if (action instanceof Action.Fatal f) {
            throw new FatalException(f.reason());
        } else if (action instanceof Action.ApplyParameters p) {
            applyParameters(p.parameters());
        } else if (action instanceof Action.RestartOnSchedule r) {
            restarts.done(r.restart());
            tasks.start(TaskKind.RESTART, postgres::restart);
        } else if (action instanceof Action.DropScheduledRestart r) {
            restarts.done(r.restart());
        } else if (action instanceof Action.WriteConfigKey) {
            dcs.setConfig(dynamicConfig.get(), OptionalLong.empty());
        } else if (action instanceof Action.UpdateHistory h) {
            updateHistory(ctx.cluster(), h.timeline());
        } else if (action instanceof Action.KeepSlots k) {
            postgres.keepSlots(k.plan());
        } else if (action instanceof Action.CopyLogicalSlots c) {
            if (tasks.running().isEmpty()) {
                tasks.start(TaskKind.COPY_SLOTS, "Copying logical slots " + c.slots().keySet().stream().map(n -> "'" + n + "'")
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]"))
                        + " from the primary", () -> postgres.copyLogicalSlots(c.leader(), c.slots()));
            }
        } else if (action instanceof Action.ExtendLeadershipByFailsafe e) {
            // the boot clock at the round's start, from the two clocks read now (the round began this cycle)
            long ageCentis = Math.max(0, Duration.between(e.roundStartedAt(), clock.instant()).toMillis() / 10);
            leadership.extendedByFailsafe(e.roundStartedAt(), e.until(),
                    new BootInstant(guards.bootNow().centis() - ageCentis));
        } else if (action instanceof Action.WriteFailsafe w) {
            if (dcs.writeFailsafe(w.members())) {
                failsafe.written(w.members());
            }
        } else if (action instanceof Action.DeleteFailsafe) {
            if (dcs.deleteFailsafe()) {
                failsafe.deleted();
            }
        }
        return Optional.empty();
    }

    /** A lock call that cannot reach the DCS has failed: the caller must act as if the lock were lost. */
    private static boolean lockCall(BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (DcsUnavailableException e) {
            LOG.error("DCS is not accessible: {}", e.getMessage());
            return false;
        }
    }

    private void clearFailover(Action.ClearFailover c) {
        if (!c.logLine().isEmpty()) {
            LOG.info("{}", c.logLine());
        }
        try {
            if (!dcs.setFailover(Failover.of(Optional.empty(), c.candidate(), Optional.empty()), c.ifVersion())) {
                LOG.info("The failover key changed since it was read: left as it is");
            }
        } catch (DcsUnavailableException e) {
            LOG.warn("Could not clean up the failover key: {}", e.getMessage());
        }
    }

    /** Patroni's cancel_initialization: the data directory is already moved aside by the failed bootstrap. */
    private void cancelBootstrap() {
        LOG.info("{}", HaMessages.CANCELLING_FAILED_BOOTSTRAP);
        try {
            postgres.bootstrapCancelled();
        } catch (RuntimeException e) {
            LOG.error("Could not clean up after the failed bootstrap: {}", e.getMessage());
        }
        try {
            dcs.cancelInitialization();
        } catch (DcsUnavailableException e) {
            LOG.warn("Could not remove the initialize key: {}", e.getMessage());
        }
        throw new FatalException(HaMessages.FAILED_TO_BOOTSTRAP);
    }

    private void waitUntil(Instant at) {
        long ms = Duration.between(clock.instant(), at).toMillis();
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Planned switchover (Patroni's demote('graceful')): CHECKPOINT while still serving, so that the shutdown
     * checkpoint is short; fast stop (walsenders send everything, the shutdown checkpoint included, before the
     * postmaster exits); only then release the leader key, which wakes the candidate through its watch. Then
     * start again as a replica in the background: of the new leader when it took the lock within 2 seconds (Patroni
     * gives it that time before it starts following), of nobody otherwise (the next cycles point it at the new
     * leader); no pg_rewind is needed, as the replicas have our last record.
     */
    private void demoteGracefully(Context ctx) {
        LOG.info("Demoting self (graceful)");
        try {
            postgres.checkpoint();
        } catch (RuntimeException e) {
            LOG.warn("CHECKPOINT before the switchover failed: {}", e.getMessage());
        }
        leadership.lost();
        postgres.demote(DemoteMode.GRACEFUL);
        if (dcs.deleteLeader(lsn(ctx.observation()))) {
            LOG.info("Leader key released");
        }
        String me = dcs.memberName();
        tasks.start(TaskKind.START, "manual failover: demote", () -> postgres.startAsReplica(newLeader(me)));
    }

    /** The member that took the leader key after we released it, waiting up to 2 seconds for one. */
    private Optional<MemberTarget> newLeader(String me) {
        long until = System.nanoTime() + 2_000_000_000L;
        while (true) {
            try {
                Cluster cluster = dcs.read();
                Optional<MemberTarget> leader = cluster.leaderName().filter(l -> !l.equals(me))
                        .flatMap(cluster::member).flatMap(MemberTarget::of);
                if (leader.isPresent() || System.nanoTime() - until >= 0) {
                    return leader;
                }
            } catch (DcsUnavailableException e) {
                return Optional.empty();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private void demote(DemoteMode mode, Context ctx) {
        if (mode == DemoteMode.GRACEFUL) {
            demoteGracefully(ctx);
            return;
        }
        // stop answering as primary before touching PostgreSQL
        leadership.lost();
        if (tasks.running().isPresent()) {
            postgres.cancelLongOperation();
        }
        postgres.demote(mode);
        if (mode == DemoteMode.IMMEDIATE) {
            dcs.deleteLeader(lsn(ctx.observation()));
        }
    }

    private void completeBootstrap(Context ctx) {
        Observation obs = postgres.observe();
        String sysid = obs.systemId().orElseThrow(() -> new IllegalStateException(
                "bootstrap finished but the data directory has no system identifier"));
        dcs.initialize(false, sysid);
        dcs.setConfig(dynamicConfig.get(), OptionalLong.empty());
        BootInstant sentAtBoot = guards.bootNow();
        Instant sentAt = clock.instant();
        if (dcs.attemptToAcquireLeader()) {
            leadership.renewed(sentAt, sentAtBoot, ctx.ttl());
            leadership.promotionFinished();
        }
        postgres.bootstrapCompleted();
    }

    /**
     * {@code postgresql.parameters} changed: rewrite the configuration and reload PostgreSQL; those that need a restart
     * show as {@code pending_restart}.
     */
    private boolean applyParameters(Map<String, String> parameters) {
        try {
            postgres.applyParameters(parameters);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not apply the new PostgreSQL parameters: {}", e.getMessage());
            return false;
        }
    }

    /** Patroni's update_cluster_history: the history file's lines, keeping known timestamps and leaders. */
    private void updateHistory(Cluster cluster, long timeline) {
        List<HistoryEntry> entries = postgres.timelineHistory(timeline);
        if (entries.isEmpty()) {
            return;
        }
        List<HistoryLine> known = cluster.history().map(TimelineHistory::lines).orElse(List.of());
        String promotedAt = PyTime.isoformat(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC));
        List<HistoryLine> lines = HistoryLines.merge(entries, known, promotedAt, dcs.memberName());
        if (dcs.setHistory(lines)) {
            LOG.debug("history key updated to timeline {}", timeline);
        }
    }

    private LeaderStatus leaderStatus(Observation obs) {
        return new LeaderStatus(obs.walPosition(), postgres.slotPositions(), List.of());
    }

    private static OptionalLong lsn(Observation obs) {
        return obs.isRunning() ? OptionalLong.of(obs.walPosition()) : OptionalLong.empty();
    }

    private static MemberTarget target(Cluster cluster, String name) {
        return cluster.member(name).flatMap(MemberTarget::of).orElseThrow(() -> new IllegalStateException(
                "member " + name + " has no usable conn_url in the DCS"));
    }
}
