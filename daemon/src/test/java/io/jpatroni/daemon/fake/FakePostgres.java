package io.jpatroni.daemon.fake;

import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.HistoryEntry;
import io.jpatroni.daemon.model.LocalSlot;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.PostgresProcess;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.daemon.model.SyncObservation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A PostgreSQL that exists only as state, recording every operation in order (shared journal across nodes). */
public final class FakePostgres implements ManagedPostgres {
    private final String name;
    private final List<String> journal;
    private DataDir dataDir = DataDir.EMPTY;
    private PostgresProcess process = PostgresProcess.STOPPED;
    private boolean inRecovery = true;
    private long lsn = 0;
    private long timeline = 1;
    private Optional<String> following = Optional.empty();
    private String sysid = "";
    private Set<String> slots = Set.of();
    private Map<String, String> appliedParameters = Map.of();
    public Divergence divergence = Divergence.NONE;
    /** As PostgresNode does: a demoted primary starts again at once, as a replica of nobody. */
    public boolean restartAfterDemote;
    /** The system identifier initdb will produce. */
    public String initdbSysid = "7710803155684193743";

    /** pg_stat_replication as tests set it (only a primary shows it). */
    private final Map<String, Observation.ReplicationRow> replication = new TreeMap<>();
    private SyncObservation.Kind syncKind = SyncObservation.Kind.OFF;
    private int syncNum;
    private Set<String> syncNames = Set.of();
    private boolean syncManaged;
    private long syncChangedAt;

    public FakePostgres(String name, List<String> journal) {
        this.name = name;
        this.journal = journal;
    }

    public FakePostgres(String name) {
        this(name, new ArrayList<>());
    }

    public List<String> journal() {
        return journal;
    }

    public void crash() {
        process = PostgresProcess.CRASHED;
    }

    public void advanceLsn(long by) {
        lsn += by;
    }

    public boolean isPrimary() {
        return process == PostgresProcess.RUNNING && !inRecovery;
    }

    public Optional<String> following() {
        return following;
    }

    private void record(String op) {
        synchronized (journal) {
            journal.add(name + ":" + op);
        }
    }

    /** Runs at each {@link #observe()} (tests stage what happens right after the loop loaded the cluster). */
    public volatile Runnable onObserve = () -> { };

    @Override
    public synchronized Observation observe() {
        onObserve.run();
        if (process != PostgresProcess.RUNNING) {
            return Observation.stopped(dataDir, dataDir == DataDir.PRESENT ? Optional.of(sysid) : Optional.empty(),
                    timeline, process);
        }
        return new Observation(dataDir, Optional.of(sysid), process, inRecovery, timeline,
                inRecovery ? OptionalLong.empty() : OptionalLong.of(lsn),
                inRecovery ? OptionalLong.of(lsn) : OptionalLong.empty(),
                inRecovery ? OptionalLong.of(lsn) : OptionalLong.empty(),
                Optional.empty(), false, following, 150018, Optional.empty(),
                inRecovery ? List.of() : List.copyOf(replication.values()), false);
    }

    /** {@code standby} streams from this primary, reported {@code syncState}, at {@code lsn}. */
    public synchronized void streaming(String standby, String syncState, long at) {
        OptionalLong l = OptionalLong.of(at);
        replication.put(standby, new Observation.ReplicationRow("replicator", standby, "127.0.0.1", "streaming",
                syncState, 0, l, l, l));
    }

    /** {@code standby} stopped streaming. */
    public synchronized void disconnected(String standby) {
        replication.remove(standby);
    }

    /** What PostgreSQL waits for now: {@code kind num names}. */
    public synchronized SyncObservation syncState() {
        return syncObservation();
    }

    @Override
    public synchronized SyncObservation syncObservation() {
        if (process != PostgresProcess.RUNNING || inRecovery) {
            return SyncObservation.NONE;
        }
        boolean star = syncNames.contains("*");
        Set<String> names = new TreeSet<>(syncNames);
        names.remove("*");
        return new SyncObservation(syncKind, syncNum, names, star, "on", syncChangedAt, syncManaged);
    }

    /** Called before synchronous_standby_names changes, with the new value (tests check the order of writes). */
    public volatile Runnable onSyncNamesChange = () -> { };

    @Override
    public synchronized void setSynchronousStandbyNames(SyncObservation.Kind kind, int num, Set<String> names) {
        boolean changed = kind != syncKind || num != syncNum || !names.equals(syncNames);
        syncManaged = true;
        if (!changed) {
            return;
        }
        syncKind = kind;
        syncNum = num;
        syncNames = Set.copyOf(names);
        onSyncNamesChange.run();
        syncChangedAt = lsn;
        record("synchronous_standby_names " + kind + " " + num + " " + new TreeSet<>(names));
    }

    @Override
    public synchronized void releaseSynchronousStandbyNames() {
        syncManaged = false;
        syncKind = SyncObservation.Kind.OFF;
        syncNum = 0;
        syncNames = Set.of();
        record("synchronous_standby_names released");
    }

    @Override
    public synchronized Divergence divergenceFrom(MemberTarget leader) {
        return divergence;
    }

    /** bootstrap.method: the method leaves PostgreSQL recovering; {@link #endRecovery} ends it. */
    public boolean customBootstrap;
    private boolean awaitingPostBootstrap;

    public synchronized void endRecovery() {
        inRecovery = false;
    }

    @Override
    public synchronized boolean awaitingPostBootstrap() {
        return awaitingPostBootstrap;
    }

    @Override
    public synchronized void postBootstrap() {
        record("post_bootstrap");
        awaitingPostBootstrap = false;
    }

    /** The executor reported the bootstrap complete (the first callback may run). */
    public boolean bootstrapCompleted;

    @Override
    public synchronized void bootstrapCompleted() {
        bootstrapCompleted = true;
    }

    @Override
    public synchronized void bootstrap() {
        if (customBootstrap) {
            record("bootstrap by method");
            dataDir = DataDir.PRESENT;
            sysid = initdbSysid;
            process = PostgresProcess.RUNNING;
            inRecovery = true;
            lsn = 100;
            awaitingPostBootstrap = true;
            return;
        }
        record("bootstrap");
        dataDir = DataDir.PRESENT;
        sysid = initdbSysid;
        process = PostgresProcess.RUNNING;
        inRecovery = false;
        lsn = 100;
    }

    @Override
    public synchronized void cloneFrom(MemberTarget source) {
        record("clone " + source.name());
        dataDir = DataDir.PRESENT;
        sysid = "7710803155684193743";
    }

    @Override
    public synchronized void rewind(MemberTarget leader) {
        record("rewind " + leader.name());
        divergence = Divergence.NONE;
    }

    @Override
    public synchronized void reinitialize(MemberTarget source) {
        record("reinitialize " + source.name());
        divergence = Divergence.NONE;
    }

    @Override
    public synchronized void startAsReplica(Optional<MemberTarget> leader) {
        record("start replica of " + leader.map(MemberTarget::name).orElse("nobody"));
        process = PostgresProcess.RUNNING;
        inRecovery = true;
        following = leader.map(MemberTarget::name);
    }

    @Override
    public synchronized void follow(Optional<MemberTarget> leader) {
        Optional<String> target = leader.map(MemberTarget::name);
        if (!target.equals(following)) {
            record("follow " + target.orElse("nobody"));
            following = target;
        }
    }

    @Override
    public synchronized void promote() {
        record("promote");
        inRecovery = false;
        timeline++;
        following = Optional.empty();
    }

    /** Called at the moment PostgreSQL stops in a demotion (tests record what the DCS holds then). */
    public volatile Runnable onDemote = () -> { };

    @Override
    public synchronized void checkpoint() {
        record("checkpoint");
    }

    @Override
    public synchronized void restart() {
        record("restart");
    }

    @Override
    public synchronized void demote(DemoteMode mode) {
        onDemote.run();
        record("demote " + mode);
        process = restartAfterDemote ? PostgresProcess.RUNNING : PostgresProcess.STOPPED;
        inRecovery = true;
        following = Optional.empty();
    }

    @Override
    public synchronized void stop() {
        record("stop");
        process = PostgresProcess.STOPPED;
    }

    @Override
    public synchronized Optional<SlotFacts> slotFacts() {
        return Optional.of(new SlotFacts(slots.stream()
                .map(n -> LocalSlot.physical(n, false, 0)).toList(), slots, false));
    }

    @Override
    public synchronized void keepSlots(SlotPlan plan) {
        if (!plan.wanted().equals(slots)) {
            record("slots " + new TreeSet<>(plan.wanted()));
            slots = Set.copyOf(plan.wanted());
        }
    }

    @Override
    public Map<String, Long> slotPositions() {
        return Map.of();
    }

    @Override
    public synchronized void copyLogicalSlots(MemberTarget leader, Map<String, SlotSpec> s) {
        record("copy logical slots " + s.keySet() + " from " + leader.name());
    }

    @Override
    public synchronized void applyParameters(Map<String, String> parameters) {
        record("apply parameters " + new TreeMap<>(parameters));
        appliedParameters = Map.copyOf(parameters);
    }

    /** One history line per timeline switch, as pg_wal/0000000N.history has them after our promotions. */
    @Override
    public synchronized List<HistoryEntry> timelineHistory(long tl) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (long t = 1; t < tl && tl <= timeline; t++) {
            entries.add(new HistoryEntry(t, 1000 * t, "no recovery target specified"));
        }
        return entries;
    }

    @Override
    public synchronized Map<String, String> appliedParameters() {
        return appliedParameters;
    }
}
