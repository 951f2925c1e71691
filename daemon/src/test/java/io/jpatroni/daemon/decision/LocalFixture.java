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
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.daemon.model.TaskOutcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Builds local states for decision tables: {@code replica().lsn(100)}, {@code primary()}, {@code emptyDataDir()}. */
final class LocalFixture {
    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    private DataDir dataDir = DataDir.PRESENT;
    private Optional<String> sysid = Optional.of("7000000000000000042");
    private PostgresProcess postgres = PostgresProcess.RUNNING;
    private boolean inRecovery = true;
    private long lsn = 100;
    private long timeline = 1;
    private Optional<RunningTask> task = Optional.empty();
    private Optional<TaskOutcome> finished = Optional.empty();
    private Divergence divergence = Divergence.NONE;
    private final Map<String, PeerStatus> peers = new HashMap<>();
    private boolean firstCycle;
    private boolean holdsValidLock;
    private Optional<ScheduledRestart> scheduledRestart = Optional.empty();
    private Map<String, String> appliedParameters = Map.of();
    private Optional<OffsetDateTime> postmasterStart = Optional.empty();
    private boolean pendingRestart;
    private final List<Observation.ReplicationRow> replication = new java.util.ArrayList<>();
    private SyncObservation sync = SyncObservation.NONE;
    private GuardStatus guards = GuardStatus.idle();
    private Optional<Instant> prePromoteFailedAt = Optional.empty();
    private FailsafeFacts failsafe = FailsafeFacts.none();
    private boolean awaitingPostBootstrap;
    private Optional<SlotFacts> slots = Optional.of(new SlotFacts(List.of(), Set.of(), false));
    private Optional<String> following = Optional.empty();

    static LocalFixture replica() {
        return new LocalFixture();
    }

    static LocalFixture primary() {
        LocalFixture f = new LocalFixture();
        f.inRecovery = false;
        return f;
    }

    static LocalFixture emptyDataDir() {
        LocalFixture f = new LocalFixture();
        f.dataDir = DataDir.EMPTY;
        f.sysid = Optional.empty();
        f.postgres = PostgresProcess.STOPPED;
        return f;
    }

    LocalFixture stopped() {
        postgres = PostgresProcess.STOPPED;
        return this;
    }

    LocalFixture crashed() {
        postgres = PostgresProcess.CRASHED;
        return this;
    }

    LocalFixture sysid(String id) {
        sysid = Optional.of(id);
        return this;
    }

    LocalFixture lsn(long value) {
        lsn = value;
        return this;
    }

    LocalFixture timeline(long tl) {
        timeline = tl;
        return this;
    }

    LocalFixture running(TaskKind kind) {
        task = Optional.of(new RunningTask(kind, kind.words(), NOW.minusSeconds(5)));
        return this;
    }

    LocalFixture finished(TaskKind kind, boolean success) {
        finished = Optional.of(new TaskOutcome(kind, success, success ? "" : "initdb failed"));
        return this;
    }

    /** No cycle has seen PostgreSQL running yet since the daemon started. */
    LocalFixture firstCycle() {
        firstCycle = true;
        return this;
    }

    LocalFixture diverged(Divergence d) {
        divergence = d;
        return this;
    }

    LocalFixture peer(String name, long walPosition) {
        peers.put(name, new PeerStatus(true, false, walPosition, false, 0));
        return this;
    }

    LocalFixture peer(String name, PeerStatus status) {
        peers.put(name, status);
        return this;
    }

    LocalFixture holdingValidLock() {
        holdsValidLock = true;
        return this;
    }

    LocalFixture scheduledRestart(ScheduledRestart restart) {
        scheduledRestart = Optional.of(restart);
        return this;
    }

    LocalFixture appliedParameters(Map<String, String> parameters) {
        appliedParameters = parameters;
        return this;
    }

    LocalFixture postmasterStart(OffsetDateTime at) {
        postmasterStart = Optional.of(at);
        return this;
    }

    /** A custom bootstrap method ran and started PostgreSQL; post_bootstrap has not run yet. */
    LocalFixture awaitingPostBootstrap() {
        awaitingPostBootstrap = true;
        return this;
    }

    /** PostgreSQL follows {@code name} (a member, or a standby cluster's remote host). */
    LocalFixture following(String name) {
        following = Optional.of(name);
        return this;
    }

    LocalFixture starting() {
        postgres = PostgresProcess.STARTING;
        return this;
    }

    LocalFixture pendingRestart() {
        pendingRestart = true;
        return this;
    }

    /** A pg_stat_replication row: {@code name} streams with {@code syncState}, written, flushed and replayed to lsn. */
    LocalFixture streaming(String name, String syncState, long lsn) {
        OptionalLong at = OptionalLong.of(lsn);
        replication.add(new Observation.ReplicationRow("replicator", name, "127.0.0.1", "streaming", syncState, 0,
                at, at, at));
        return this;
    }

    /** The primary's synchronous_standby_names as the adapter parsed it. */
    LocalFixture sync(SyncObservation value) {
        sync = value;
        return this;
    }

    /** The watchdog device or the fence counts down. */
    LocalFixture guardsRunning() {
        guards = new GuardStatus(true, guards.healthy());
        return this;
    }

    /** {@code mode: required} cannot be met. */
    LocalFixture guardsUnusable() {
        guards = new GuardStatus(guards.running(), false);
        return this;
    }

    LocalFixture prePromoteFailed(Instant at) {
        prePromoteFailedAt = Optional.of(at);
        return this;
    }

    /** The promotion task ended: pre_promote vetoed it. */
    LocalFixture promotionVetoed() {
        finished = Optional.of(new TaskOutcome(TaskKind.PROMOTE, false, TaskOutcome.PRE_PROMOTE_FAILED));
        return this;
    }

    LocalFixture failsafe(FailsafeFacts facts) {
        failsafe = facts;
        return this;
    }

    /** The local slots as the slot upkeep reads them. */
    LocalFixture slots(SlotFacts facts) {
        slots = Optional.of(facts);
        return this;
    }

    Observation observation() {
        return new Observation(dataDir, sysid, postgres, inRecovery, timeline,
                inRecovery ? OptionalLong.empty() : OptionalLong.of(lsn),
                inRecovery ? OptionalLong.of(lsn) : OptionalLong.empty(),
                inRecovery ? OptionalLong.of(lsn) : OptionalLong.empty(),
                Optional.empty(), false, following, 150004, postmasterStart, replication, pendingRestart);
    }

    LocalState build() {
        return new LocalState(observation(), task, finished, divergence, peers, firstCycle, holdsValidLock,
                scheduledRestart, appliedParameters, NOW, failsafe, awaitingPostBootstrap, guards, prePromoteFailedAt,
                sync, slots);
    }
}
