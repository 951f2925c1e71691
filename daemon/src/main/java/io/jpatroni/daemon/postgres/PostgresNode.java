package io.jpatroni.daemon.postgres;

import io.jpatroni.daemon.callbacks.Lifecycle;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.loop.PostgresOperationException;
import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.HistoryEntry;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.PostgresProcess;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotName;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.daemon.model.StandbyCluster;
import io.jpatroni.daemon.model.SyncObservation;
import io.jpatroni.daemon.model.TaskOutcome;
import io.jpatroni.daemon.settings.SettingsResolver;
import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.FollowResult;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.bootstrap.BootstrapSpec;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.process.PostmasterStatus;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.replica.ReplicaMethod;
import io.jpatroni.postgres.rewind.HistoryFile;
import io.jpatroni.postgres.rewind.RewindOutcome;
import io.jpatroni.postgres.rewind.RewindPlanner;
import io.jpatroni.postgres.sql.NodeStatus;
import io.jpatroni.postgres.sql.PostgresQueries;
import io.jpatroni.postgres.sql.SlotOperations;
import io.jpatroni.postgres.sql.WalPosition;
import io.jpatroni.postgres.sync.SyncStandbyNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ManagedPostgres} over the postgres module: what the HA loop decided, done to the real server. */
public final class PostgresNode implements ManagedPostgres {
    private static final Logger log = LoggerFactory.getLogger(PostgresNode.class);

    private final Postgres pg;
    private final BootstrapSpec bootstrap;
    private final List<ReplicaMethod> replicaMethods;
    private final SettingsResolver resolver;
    private volatile Map<String, String> appliedParameters;
    private volatile Optional<String> following = Optional.empty();
    private volatile Set<String> pendingRestart = Set.of();
    private volatile ReplayTimeline replayTimeline;
    private volatile long warnedAtReplayLsn = -2;
    private volatile SyncObservation sync = SyncObservation.NONE;
    private volatile String syncNamesSeen;
    private final FencingHooks hooks;
    private final Lifecycle lifecycle;
    private volatile boolean awaitingPostBootstrap;
    private final SlotKeeper slots;

    /**
     * @param resolver the settings in force, asked each time: the effective {@code postgresql.parameters},
     *                 {@code use_slots}, {@code pg_ctl_timeout}
     */
    public PostgresNode(Postgres pg, BootstrapSpec bootstrap, List<ReplicaMethod> replicaMethods,
                        SettingsResolver resolver) {
        this(pg, bootstrap, replicaMethods, resolver, (Lifecycle) null, FencingHooks.none());
    }

    /**
     * @param lifecycle the callbacks' bookkeeping, told of every start, stop, restart, reload and role change;
     *                  null: none (a lifecycle whose callbacks go nowhere)
     */
    public PostgresNode(Postgres pg, BootstrapSpec bootstrap, List<ReplicaMethod> replicaMethods,
                        SettingsResolver resolver, Lifecycle lifecycle) {
        this(pg, bootstrap, replicaMethods, resolver, lifecycle, FencingHooks.none());
    }

    /** @param hooks {@code pre_promote} before a promotion, {@code before_stop} before every stop of a server */
    public PostgresNode(Postgres pg, BootstrapSpec bootstrap, List<ReplicaMethod> replicaMethods,
                        SettingsResolver resolver, FencingHooks hooks) {
        this(pg, bootstrap, replicaMethods, resolver, null, hooks);
    }

    /**
     * @param lifecycle the callbacks' bookkeeping, told of every start, stop, restart, reload and role change;
     *                  null: none (a lifecycle whose callbacks go nowhere)
     * @param hooks     {@code pre_promote} before a promotion, {@code before_stop} before every stop of a running
     *                  server
     */
    public PostgresNode(Postgres pg, BootstrapSpec bootstrap, List<ReplicaMethod> replicaMethods,
                        SettingsResolver resolver, Lifecycle lifecycle, FencingHooks hooks) {
        this.hooks = hooks;
        this.lifecycle = lifecycle != null ? lifecycle : new Lifecycle(initialRole(pg), (a, r) -> { });
        this.pg = pg;
        this.bootstrap = bootstrap;
        this.replicaMethods = List.copyOf(replicaMethods);
        this.resolver = resolver;
        this.appliedParameters = resolver.parameters();
        this.slots = new SlotKeeper(pg);
    }

    /**
     * A stopped server starts with the parameters in force now, not those known when the daemon started (a new
     * replica must not start with bootstrap.dcs's max_connections after edit-config raised it).
     */
    private void refreshParametersIfStopped() {
        if (!pg.isRunning()) {
            pg.changeParameters(resolver.parameters());
        }
    }

    private PostgresSettings settings() {
        return pg.settings();
    }

    @Override
    public Observation observe() {
        DataDir dataDir = dataDir(settings().dataDir());
        PostmasterStatus status = pg.status();
        slots.seen(null, false);
        if (dataDir != DataDir.PRESENT) {
            return Observation.stopped(dataDir, Optional.empty(), 0, PostgresProcess.STOPPED);
        }
        if (!status.isRunning()) {
            PostgresProcess p = status.kind() == PostmasterStatus.Kind.STALE_PID
                    ? PostgresProcess.CRASHED : PostgresProcess.STOPPED;
            return controlDataObservation(p);
        }
        if (!status.acceptsConnections()) {
            return controlDataObservation(PostgresProcess.STARTING);
        }
        try {
            PostgresQueries q = pg.queries();
            NodeStatus now = q.status();
            WalPosition wal = now.wal();
            List<Observation.ReplicationRow> replication = wal.inRecovery() ? List.of() : q.replicationStatus()
                    .stream().map(r -> new Observation.ReplicationRow(settings().replication().username(),
                            r.applicationName(), r.clientAddr().orElse(""), r.state(), r.syncState(), 0,
                            r.writeLsn(), r.flushLsn(), r.replayLsn()))
                    .toList();
            observeSync(q, now);
            lifecycle.cycle(true, wal.inRecovery());
            slots.seen(now.postmasterStartTime(), wal.inRecovery());
            return new Observation(dataDir, Optional.of(now.systemIdentifier()), PostgresProcess.RUNNING,
                    wal.inRecovery(), timeline(wal), wal.currentLsn(), wal.receivedLsn(), wal.replayedLsn(),
                    wal.lastReplayTimestamp().map(t -> t.atOffset(ZoneOffset.UTC)), wal.replayPaused(),
                    wal.inRecovery() ? following : Optional.empty(), now.serverVersionNum(),
                    Optional.of(now.postmasterStartTime().atOffset(ZoneOffset.UTC)), replication,
                    !pendingRestart.isEmpty() || !pg.raisedForRecovery().isEmpty());
        } catch (RuntimeException e) {
            log.warn("Error communicating with PostgreSQL. Will try again later: {}", e.getMessage());
            sync = SyncObservation.NONE;
            return controlDataObservation(PostgresProcess.STARTING);
        }
    }

    /**
     * The primary's synchronous_standby_names and synchronous_commit. When the former changed since the last look, the
     * primary's WAL position now is the one a newly listed standby must reach to count as synchronous (and some WAL is
     * written so that the standbys report positions past it), as Patroni's SyncHandler does.
     */
    private void observeSync(PostgresQueries q, NodeStatus now) {
        WalPosition wal = now.wal();
        if (wal.inRecovery()) {
            sync = SyncObservation.NONE;
            syncNamesSeen = null;
            return;
        }
        String value = now.synchronousStandbyNames();
        String commit = now.synchronousCommit();
        long changedAt = sync.changedAtLsn();
        if (!value.equals(syncNamesSeen)) {
            changedAt = wal.currentLsn().orElse(0);
            syncNamesSeen = value;
            try {
                q.execute("DO $$BEGIN SET LOCAL synchronous_commit = 'off'; PERFORM pg_catalog.txid_current();"
                        + " END;$$");
            } catch (RuntimeException e) {
                log.debug("could not write WAL after synchronous_standby_names changed: {}", e.getMessage());
            }
        }
        SyncStandbyNames parsed;
        try {
            parsed = SyncStandbyNames.parse(value);
        } catch (IllegalArgumentException e) {
            log.warn("{}", e.getMessage());
            parsed = SyncStandbyNames.OFF;
        }
        SyncObservation.Kind kind = switch (parsed.type()) {
            case OFF -> SyncObservation.Kind.OFF;
            case PRIORITY -> SyncObservation.Kind.PRIORITY;
            case QUORUM -> SyncObservation.Kind.QUORUM;
        };
        sync = new SyncObservation(kind, parsed.num(), parsed.names(), parsed.hasStar(), commit, changedAt,
                pg.managedSynchronousStandbyNames().isPresent());
    }

    @Override
    public SyncObservation syncObservation() {
        return sync;
    }

    @Override
    public void setSynchronousStandbyNames(SyncObservation.Kind kind, int num, Set<String> names) {
        Optional<String> value = switch (kind) {
            case OFF -> Optional.empty();
            case PRIORITY -> names.contains("*") ? Optional.of("*") : SyncStandbyNames.priority(names);
            case QUORUM -> SyncStandbyNames.quorum(num, names);
        };
        operation(() -> pg.setSynchronousStandbyNames(value));
    }

    @Override
    public void releaseSynchronousStandbyNames() {
        operation(pg::releaseSynchronousStandbyNames);
    }

    /**
     * A server that stops being the primary waits for no standby (Patroni empties synchronous_standby_names on
     * demotion): only once it no longer runs as a primary, never while commits may still wait.
     */
    private void stopWaitingForStandbys() {
        if (pg.managedSynchronousStandbyNames().filter(Optional::isPresent).isPresent()) {
            pg.setSynchronousStandbyNames(Optional.empty());
        }
    }

    /**
     * The timeline to publish. A replica whose walreceiver has no contact (its primary just stopped, say) is asked
     * over a local replication connection, as Patroni does: pg_control's timeline, all the query has then, lags a
     * timeline switch until the next restartpoint, and with {@code check_timeline} a replica publishing it looks
     * behind the cluster (to Patroni's leader as to its own leader race). Asked again only once replay has moved;
     * a failing replication connection (pg_hba) is retried each cycle and warned about once per replay position.
     */
    private int timeline(WalPosition wal) {
        if (wal.timelineKnown()) {
            return wal.timeline();
        }
        long replayed = wal.replayedLsn().orElse(-1);
        ReplayTimeline cached = replayTimeline;
        if (cached != null && cached.replayedLsn() == replayed) {
            return cached.timeline();
        }
        try {
            int timeline = pg.replayTimeline();
            replayTimeline = new ReplayTimeline(replayed, timeline);
            return timeline;
        } catch (RuntimeException e) {
            if (warnedAtReplayLsn != replayed) {
                log.warn("Can not fetch local timeline from replication connection: {}", e.getMessage());
                warnedAtReplayLsn = replayed;
            }
            return wal.timeline();
        }
    }

    /** The timeline IDENTIFY_SYSTEM gave at a replay position. */
    private record ReplayTimeline(long replayedLsn, int timeline) {
    }

    private Observation controlDataObservation(PostgresProcess process) {
        try {
            var cd = pg.controlData();
            return Observation.stopped(DataDir.PRESENT, Optional.of(cd.systemIdentifier()),
                    cd.checkpointTimeline(), process);
        } catch (RuntimeException e) {
            log.warn("pg_controldata failed: {}", e.getMessage());
            return Observation.stopped(DataDir.PRESENT, Optional.empty(), 0, process);
        }
    }

    static DataDir dataDir(Path dir) {
        if (!Files.exists(dir)) {
            return DataDir.EMPTY;
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            return DataDir.INACCESSIBLE;
        }
        if (Files.exists(dir.resolve("PG_VERSION"))) {
            return DataDir.PRESENT;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isPresent() ? DataDir.PRESENT : DataDir.EMPTY;
        } catch (IOException e) {
            return DataDir.INACCESSIBLE;
        }
    }

    @Override
    public Divergence divergenceFrom(MemberTarget leader) {
        try {
            RewindPlanner.Decision d = pg.checkRewind(replicationTarget(leader));
            if (d.undecided()) {
                return Divergence.UNDECIDED;
            }
            return d.needRewind() ? Divergence.REWIND_NEEDED : Divergence.NONE;
        } catch (RuntimeException e) {
            log.warn("Could not check whether a rewind from {} is needed: {}", leader.name(), e.getMessage());
            return Divergence.NONE;
        }
    }

    @Override
    public String stateWord(Observation observation) {
        return pg.state().patroniName();
    }

    @Override
    public List<HistoryEntry> timelineHistory(long timeline) {
        Path file = settings().dataDir().resolve("pg_wal").resolve(String.format("%08X.history", timeline));
        try {
            return HistoryFile.parse(Files.readString(file)).entries().stream()
                    .map(e -> new HistoryEntry(e.parentTimeline(), e.switchPoint(), e.reason())).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public Map<String, String> appliedParameters() {
        return appliedParameters;
    }

    /**
     * New {@code pg_hba} / {@code pg_ident} lines (SIGHUP, POST /reload, a changed dynamic configuration): with
     * {@code reloadNow}, written and PostgreSQL reloaded when they changed and it runs; without, written by the next
     * {@link #applyParameters} (a reload's, which reloads PostgreSQL once for both, as Patroni's reload_config).
     */
    public void applyHbaAndIdent(java.util.List<String> hba, java.util.List<String> ident, boolean reloadNow) {
        if (pg.changeHbaAndIdent(hba, ident, reloadNow)) {
            lifecycle.reloaded(false);
        }
    }

    /**
     * New {@code recovery_conf} (SIGHUP, POST /reload, a changed dynamic configuration): a running replica takes it at
     * its next cycle's follow (reload, or restart when a setting needs one), as Patroni's check_recovery_conf does.
     */
    public void applyRecoveryConf(Map<String, String> recoveryConf) {
        if (pg.changeRecoveryConf(recoveryConf)) {
            log.info("recovery_conf changed: the replica takes it in its next cycle");
        }
    }

    @Override
    public void applyParameters(Map<String, String> parameters) {
        var change = pg.changeParameters(parameters);
        appliedParameters = Map.copyOf(parameters);
        if (change.reloaded()) {
            lifecycle.reloaded(false);
        }
        if (!change.changed().isEmpty() && !change.reloaded()) {
            return; // not running: the next start reads the new files
        }
        Set<String> pending = new TreeSet<>(pendingRestart);
        pending.removeIf(change.changed()::contains);
        pending.addAll(change.pendingRestart());
        pendingRestart = Set.copyOf(pending);
        if (!change.pendingRestart().isEmpty()) {
            log.info("Changes that need a restart of PostgreSQL: {}", change.pendingRestart());
        }
    }

    /** Patroni's role for the data directory as the daemon finds it (get_postgres_role_from_data_directory). */
    public static String initialRole(Postgres pg) {
        Path dir = pg.settings().dataDir();
        if (dataDir(dir) != DataDir.PRESENT || !Files.exists(dir.resolve("global/pg_control"))) {
            return Lifecycle.UNINITIALIZED;
        }
        boolean replica = Files.exists(dir.resolve("standby.signal")) || Files.exists(dir.resolve("recovery.signal"))
                || Files.exists(dir.resolve("recovery.conf"));
        if (replica) {
            return Lifecycle.REPLICA;
        }
        return pg.isRunning() ? Lifecycle.MASTER : Lifecycle.DEMOTED;
    }

    /** The callbacks' bookkeeping (the role Patroni would pass to a callback now). */
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public void bootstrap() {
        lifecycle.bootstrapStarted();
        try {
            if (bootstrap.method().isPresent()) {
                operation(() -> pg.bootstrapByMethod(bootstrap));
                awaitingPostBootstrap = true;
            } else {
                operation(() -> pg.bootstrap(bootstrap));
            }
        } catch (RuntimeException e) {
            lifecycle.bootstrapFailed();
            throw e;
        }
    }

    @Override
    public boolean awaitingPostBootstrap() {
        return awaitingPostBootstrap;
    }

    @Override
    public void postBootstrap() {
        awaitingPostBootstrap = false;
        try {
            operation(() -> pg.finishCustomBootstrap(bootstrap));
        } catch (RuntimeException e) {
            lifecycle.bootstrapFailed();
            throw e;
        }
    }

    /** Patroni's cancel_initialization after a custom bootstrap whose PostgreSQL died: stop, move the data aside. */
    @Override
    public void bootstrapCancelled() {
        if (!awaitingPostBootstrap) {
            return;
        }
        awaitingPostBootstrap = false;
        lifecycle.bootstrapFailed();
        operation(() -> {
            pg.stop(StopMode.IMMEDIATE);
            Path dir = settings().dataDir();
            if (Files.exists(dir)) {
                log.info("moved data directory aside: {}", new io.jpatroni.postgres.DataDirectory(dir).moveAside());
            }
        });
    }

    @Override
    public void cloneWithoutLeader() {
        operation(() -> pg.createReplica(replicaMethods, Optional.empty()));
    }

    @Override
    public void bootstrapCompleted() {
        lifecycle.bootstrapped();
    }

    @Override
    public void cloneFrom(MemberTarget source) {
        operation(() -> pg.createReplica(replicaMethods, Optional.of(replicationTarget(source))));
    }

    @Override
    public void rewind(MemberTarget leader) {
        ConnectionTarget replication = replicationTarget(leader);
        operation(() -> {
            if (pg.status().isRunning()) {
                // a running replica found diverged after the leader changed: stop it first (Patroni: no checkpoint)
                pg.stop(StopMode.FAST);
            }
            RewindOutcome outcome = pg.rewind(replication.withCredentials(settings().rewind()), replication);
            if (outcome == RewindOutcome.DATA_DIRECTORY_REMOVED) {
                log.info("data directory removed after pg_rewind: cloning from {}", leader.name());
                pg.createReplica(replicaMethods, Optional.of(replication));
            }
        });
    }

    @Override
    public void reinitialize(MemberTarget source) {
        boolean wasRunning = pg.isRunning();
        operation(() -> {
            pg.reinitialize(replicaMethods, replicationTarget(source));
            if (wasRunning) {
                lifecycle.stopped(false);
            }
        });
    }

    @Override
    public void startAsReplica(Optional<MemberTarget> leader) {
        following = leader.map(MemberTarget::name);
        operation(() -> {
            refreshParametersIfStopped();
            stopWaitingForStandbys();
            boolean roleChange = lifecycle.isRoleChange(Lifecycle.REPLICA);
            lifecycle.starting(Lifecycle.REPLICA, false, roleChange);
            pg.start(Optional.of(standby(leader)));
            lifecycle.started();
            if (roleChange) {
                lifecycle.roleChanged(Lifecycle.REPLICA);
            }
        });
        pendingRestart = Set.of();
    }

    @Override
    public void follow(Optional<MemberTarget> leader) {
        following = leader.map(MemberTarget::name);
        operation(() -> {
            refreshParametersIfStopped();
            boolean roleChange = lifecycle.isRoleChange(Lifecycle.REPLICA);
            FollowResult result = pg.follow(standby(leader));
            stopWaitingForStandbys(); // a primary it was is a replica now: its setting has no effect until then
            switch (result) {
                case UNCHANGED -> {
                    return;
                }
                case RELOADED -> lifecycle.reloaded(roleChange);
                case RESTARTED -> {
                    lifecycle.restarting(roleChange);
                    lifecycle.starting(Lifecycle.REPLICA, true, roleChange);
                    lifecycle.started();
                }
                case STARTED -> {
                    lifecycle.starting(Lifecycle.REPLICA, false, roleChange);
                    lifecycle.started();
                }
            }
            if (roleChange) {
                lifecycle.roleChanged(Lifecycle.REPLICA);
            } else {
                lifecycle.setRole(Lifecycle.REPLICA);
            }
        });
    }

    @Override
    public void cloneFromRemote(StandbyCluster remote) {
        List<ReplicaMethod> methods = PostgresSetup.replicaMethods(resolver.local(), remote.createReplicaMethods());
        operation(() -> pg.createReplica(methods, remoteTarget(remote)));
    }

    /**
     * Patroni's {@code follow(RemoteMember, role)}: the recovery settings point at the remote host, with the section's
     * primary_slot_name, restore_command, archive_cleanup_command and (for the standby leader)
     * recovery_min_apply_delay; the role becomes {@code standby_leader} with its callbacks.
     */
    @Override
    public void followRemote(StandbyCluster remote, boolean standbyLeader) {
        String role = standbyLeader ? Lifecycle.STANDBY_LEADER : Lifecycle.REPLICA;
        following = Optional.of(StandbyCluster.REMOTE_MEMBER);
        StandbyConfig config = remoteStandby(remote, standbyLeader);
        operation(() -> {
            refreshParametersIfStopped();
            boolean roleChange = lifecycle.isRoleChange(role);
            if (!pg.isRunning()) {
                lifecycle.starting(role, false, roleChange);
                pg.start(Optional.of(config));
                lifecycle.started();
                if (roleChange) {
                    lifecycle.roleChanged(role);
                }
                return;
            }
            FollowResult result = pg.follow(config);
            switch (result) {
                case UNCHANGED -> { }
                case RELOADED -> lifecycle.reloaded(roleChange);
                case RESTARTED -> {
                    lifecycle.restarting(roleChange);
                    lifecycle.starting(role, true, roleChange);
                    lifecycle.started();
                }
                case STARTED -> {
                    lifecycle.starting(role, false, roleChange);
                    lifecycle.started();
                }
            }
            if (roleChange) {
                lifecycle.roleChanged(role);
            } else {
                lifecycle.setRole(role);
            }
        });
    }

    private StandbyConfig remoteStandby(StandbyCluster remote, boolean standbyLeader) {
        Optional<ConnectionTarget> primary = remoteTarget(remote);
        Optional<String> slot = primary.isPresent() && resolver.useSlots()
                ? remote.primarySlotName().map(SlotName::of) : Optional.empty();
        return new StandbyConfig(primary, slot, remote.recoveryParams(standbyLeader), slot.isPresent());
    }

    private Optional<ConnectionTarget> remoteTarget(StandbyCluster remote) {
        if (!remote.streams()) {
            return Optional.empty();
        }
        return Optional.of(ConnectionTarget.of(remote.host().orElse("localhost"), remote.port().orElse(5432),
                settings().replication()));
    }

    @Override
    public void promote() {
        if (!hooks.prePromote()) {
            throw new PostgresOperationException(TaskOutcome.PRE_PROMOTE_FAILED, null);
        }
        following = Optional.empty();
        operation(() -> {
            pg.promote(resolver.pgCtlTimeout());
            lifecycle.promoted();
        });
    }

    @Override
    public boolean promotesInBackground() {
        return hooks.hasPrePromote();
    }

    @Override
    public void demote(DemoteMode mode) {
        following = Optional.empty();
        beforeStop();
        operation(() -> {
            switch (mode) {
                case OFFLINE -> {
                    pg.stop(StopMode.FAST);
                    lifecycle.stopped(false);
                    lifecycle.demoted();
                    stopWaitingForStandbys();
                    boolean roleChange = lifecycle.isRoleChange(Lifecycle.REPLICA);
                    lifecycle.starting(Lifecycle.REPLICA, false, roleChange);
                    pg.start(Optional.of(standby(Optional.empty())));
                    lifecycle.started();
                    if (roleChange) {
                        lifecycle.roleChanged(Lifecycle.REPLICA);
                    }
                }
                case GRACEFUL -> {
                    // the replicas received the shutdown checkpoint: Patroni marks itself demoted before on_stop
                    pg.stop(StopMode.FAST);
                    lifecycle.demoted();
                    lifecycle.stopped(false);
                }
                case IMMEDIATE, IMMEDIATE_NOLOCK -> {
                    pg.stop(StopMode.IMMEDIATE);
                    lifecycle.stopped(false);
                    lifecycle.demoted();
                }
            }
            stopWaitingForStandbys();
        });
    }

    @Override
    public void restart() {
        beforeStop();
        operation(() -> {
            lifecycle.restarting(false);
            pg.restart(StopMode.FAST);
            lifecycle.starting(lifecycle.role(), true, false);
            lifecycle.started();
        });
        pendingRestart = Set.of();
    }

    @Override
    public void checkpoint() {
        operation(() -> pg.queries().checkpoint());
    }

    @Override
    public void cancelLongOperation() {
        pg.cancelLongOperation();
    }

    @Override
    public void stop() {
        boolean wasRunning = pg.isRunning();
        beforeStop();
        pg.stop(StopMode.FAST);
        if (wasRunning) {
            lifecycle.stopped(false);
        }
    }

    /** Patroni's {@code before_stop}: only when there is a running server to stop. */
    private void beforeStop() {
        if (pg.isRunning()) {
            hooks.beforeStop();
        }
    }

    @Override
    public Optional<SlotFacts> slotFacts() {
        return slots.facts();
    }

    @Override
    public void keepSlots(SlotPlan plan) {
        slots.keep(plan);
    }

    @Override
    public Map<String, Long> slotPositions() {
        return slots.positions();
    }

    @Override
    public void copyLogicalSlots(MemberTarget leader, Map<String, SlotSpec> wanted) {
        ConnectionTarget primary = ConnectionTarget.of(leader.host(), leader.port(), settings().rewind());
        Map<String, byte[]> states = new TreeMap<>();
        try {
            for (SlotOperations.LogicalSlotState s : SlotOperations.readLogicalSlots(primary, wanted.keySet())) {
                SlotSpec spec = wanted.get(s.name());
                if (spec != null && "logical".equals(s.type()) && spec.database().filter(s.database()::equals)
                        .isPresent() && spec.plugin().filter(s.plugin()::equals).isPresent()) {
                    states.put(s.name(), s.state());
                } else {
                    log.warn("Will not copy the logical slot \"{}\" due to the configuration mismatch:"
                            + " configuration={}, slot on the primary={} {} {}", s.name(), spec, s.type(),
                            s.database(), s.plugin());
                }
            }
        } catch (RuntimeException e) {
            log.error("Failed to copy logical slots from the {} via postgresql connection: {}", leader.name(),
                    e.getMessage());
            return;
        }
        // the same state file as the copy we have (the primary's slot has not moved since): copying it again would
        // only restart this replica, and a slot whose WAL is gone here would stay unusable
        states.entrySet().removeIf(e -> sameStateFile(e.getKey(), e.getValue()));
        if (states.isEmpty()) {
            return;
        }
        stop();
        try {
            SlotOperations.install(settings().dataDir(), states);
        } catch (IOException e) {
            log.error("Failed to install the logical slots {} copied from {}: {}", states.keySet(), leader.name(),
                    e.getMessage());
        } finally {
            slots.reloadNextTime();
            startAsReplica(Optional.of(leader));
        }
    }

    private boolean sameStateFile(String slot, byte[] primary) {
        Path local = settings().dataDir().resolve("pg_replslot").resolve(slot).resolve("state");
        try {
            return Files.exists(local) && java.util.Arrays.equals(Files.readAllBytes(local), primary);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs a postgres-module operation; its failure becomes a {@link PostgresOperationException}. While it runs, the
     * loop's "nobody called on_start yet" check waits.
     */
    private void operation(Runnable op) {
        lifecycle.operationStarted();
        try {
            op.run();
        } catch (PostgresException e) {
            throw new PostgresOperationException(e.getMessage(), e);
        } finally {
            lifecycle.operationEnded();
        }
    }

    private StandbyConfig standby(Optional<MemberTarget> leader) {
        Optional<ConnectionTarget> primary = leader.map(this::replicationTarget);
        Optional<String> slot = primary.isPresent() && resolver.useSlots()
                ? Optional.of(SlotName.of(settings().name())) : Optional.empty();
        // in a standby cluster every member restores with the section's restore_command and archive_cleanup_command
        Map<String, String> extra = StandbyCluster.of(resolver.dynamic().standbyCluster())
                .map(c -> c.recoveryParams(false)).orElse(Map.of());
        return new StandbyConfig(primary, slot, extra);
    }

    private ConnectionTarget replicationTarget(MemberTarget m) {
        return ConnectionTarget.of(m.host(), m.port(), settings().replication());
    }

}
