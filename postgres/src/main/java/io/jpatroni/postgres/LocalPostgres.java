package io.jpatroni.postgres;

import io.jpatroni.postgres.bootstrap.BootstrapSpec;
import io.jpatroni.postgres.bootstrap.Bootstrapper;
import io.jpatroni.postgres.bootstrap.CustomBootstrap;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.param.RecoverySensitive;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.controldata.ControlData;
import io.jpatroni.postgres.controldata.ControlDataParser;
import io.jpatroni.postgres.process.PgCtl;
import io.jpatroni.postgres.process.PostmasterProbe;
import io.jpatroni.postgres.process.PostmasterStatus;
import io.jpatroni.postgres.process.ProcessRunner;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.replica.ReplicaCreator;
import io.jpatroni.postgres.replica.ReplicaMethod;
import io.jpatroni.postgres.rewind.RewindOutcome;
import io.jpatroni.postgres.rewind.RewindPlanner;
import io.jpatroni.postgres.rewind.Rewinder;
import io.jpatroni.postgres.sql.JdbcConnection;
import io.jpatroni.postgres.sql.JdbcPostgresQueries;
import io.jpatroni.postgres.sql.LeaderProbe;
import io.jpatroni.postgres.sql.PostgresQueries;
import io.jpatroni.postgres.sql.WalPosition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Postgres} over pg_ctl and friends ({@link PgCtl} through a {@link ProcessRunner}), JDBC queries and the
 * configuration files of one data directory. Operations run one at a time (methods are synchronized).
 */
public final class LocalPostgres implements Postgres {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

    private final PostgresSettings settings;
    private final ProcessRunner runner;
    private final PgCtl pgCtl;
    private final ConfigFiles files;
    private final Bootstrapper bootstrapper;
    private final ReplicaCreator replicaCreator;
    private final Rewinder rewinder;
    private final ServerControl control;
    private final PostgresQueries queries;
    private final java.util.EnumMap<QueryPurpose, PostgresQueries> connections = new java.util.EnumMap<>(
            QueryPurpose.class);
    private final AtomicReference<PostgresState> state = new AtomicReference<>(PostgresState.STOPPED);
    /** Set while pg_rewind or single-user crash recovery owns the stopped data directory. */
    private final java.util.concurrent.atomic.AtomicBoolean offlineWork =
            new java.util.concurrent.atomic.AtomicBoolean();

    public LocalPostgres(PostgresSettings settings, ProcessRunner runner, PostgresTimeouts timeouts) {
        this.settings = settings;
        this.runner = runner;
        this.pgCtl = new PgCtl(settings, runner);
        this.files = new ConfigFiles(settings, memoized(pgCtl::binaryVersionNum));
        this.bootstrapper = new Bootstrapper(settings, runner, files);
        this.replicaCreator = new ReplicaCreator(settings, runner, files, timeouts.replicaCreation(),
                timeouts.basebackupRetryDelay());
        this.rewinder = new Rewinder(settings, runner, pgCtl, files, timeouts.rewind());
        this.queries = queries(QueryPurpose.ADMIN);
        this.control = new ServerControl(settings, pgCtl, files, queries, state, this::disconnect,
                new ParameterSource(settings, pgCtl));
    }

    /** {@code postgres -V} of bin_dir, asked once, when a connection string is first written. */
    private static java.util.function.IntSupplier memoized(java.util.function.IntSupplier supplier) {
        java.util.concurrent.atomic.AtomicInteger value = new java.util.concurrent.atomic.AtomicInteger();
        return () -> value.updateAndGet(v -> v != 0 ? v : supplier.getAsInt());
    }

    @Override
    public PostgresSettings settings() {
        return settings;
    }

    @Override
    public PostgresState state() {
        return state.get();
    }

    /**
     * Not synchronized: the HA loop calls it while a long operation (clone, rewind) runs. It only moves the state
     * between STOPPED / CRASHED / RUNNING, i.e. when no operation owns it.
     */
    @Override
    public PostmasterStatus status() {
        PostmasterStatus s = PostmasterProbe.probe(settings.dataDir());
        PostgresState now = state.get();
        if (offlineWork.get()) {
            return s; // a single-user backend holds postmaster.pid: not a postmaster to adopt
        }
        if (s.isRunning()) {
            if (now == PostgresState.STARTING && s.acceptsConnections()
                    && state.compareAndSet(now, PostgresState.RUNNING)) {
                LOG.info("PostgreSQL on {} now accepts connections", settings.dataDir());
            } else if ((now == PostgresState.STOPPED || now == PostgresState.CRASHED)
                    && state.compareAndSet(now, PostgresState.RUNNING)) {
                LOG.info("adopting postmaster pid {} already running on {}", s.pid(), settings.dataDir());
                control.adopt();
            }
        } else if (s.kind() == PostmasterStatus.Kind.STALE_PID) {
            if ((now == PostgresState.RUNNING || now == PostgresState.STOPPED)
                    && state.compareAndSet(now, PostgresState.CRASHED)) {
                LOG.warn("postmaster (pid {}) on {} is gone without a clean shutdown", s.pid(), settings.dataDir());
            }
        } else if (now == PostgresState.RUNNING && state.compareAndSet(now, PostgresState.STOPPED)) {
            LOG.warn("postmaster on {} was stopped behind our back", settings.dataDir());
        }
        return s;
    }

    @Override
    public boolean isRunning() {
        return status().isRunning();
    }

    @Override
    public synchronized void bootstrap(BootstrapSpec spec) {
        PgCtl.checkBinDir(settings, "initdb", "pg_ctl", "postgres");
        DataDirectory data = new DataDirectory(settings.dataDir());
        data.requireUsableEmpty("bootstrap");
        files.checkConfigDir();
        boolean existed = java.nio.file.Files.exists(settings.dataDir());
        state.set(PostgresState.INITIALIZING_NEW_CLUSTER);
        try {
            bootstrapper.initdb(spec.initdb());
        } catch (PostgresException e) {
            state.set(PostgresState.INITDB_FAILED);
            if (!existed && java.nio.file.Files.exists(settings.dataDir())) {
                data.remove();
            }
            throw e;
        }
        try {
            files.appendHba(spec.pgHba(), control.resolved());
            control.start(Optional.empty());
            bootstrapper.postBootstrap(spec, queries);
            files.saveConfigurationFiles();
            LOG.info("bootstrap of {} finished", settings.dataDir());
        } catch (PostgresException e) {
            LOG.error("bootstrap failed: {}", e.getMessage());
            control.stopQuietly();
            Path aside = data.moveAside();
            state.set(PostgresState.INITDB_FAILED);
            throw new PostgresException("bootstrap failed, data directory moved to " + aside + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void bootstrapByMethod(BootstrapSpec spec) {
        CustomBootstrap method = spec.method().orElseThrow(() -> new PostgresException("no bootstrap method"));
        PgCtl.checkBinDir(settings, "pg_ctl", "postgres");
        DataDirectory data = new DataDirectory(settings.dataDir());
        data.requireUsableEmpty("bootstrap");
        state.set(PostgresState.RUNNING_CUSTOM_BOOTSTRAP_SCRIPT);
        try {
            bootstrapper.runMethod(method);
        } catch (PostgresException e) {
            state.set(PostgresState.CUSTOM_BOOTSTRAP_FAILED);
            moveAsideIfPresent(data);
            throw e;
        }
        try {
            files.restoreMissingConfigurationFiles();
            java.nio.file.Files.deleteIfExists(settings.dataDir().resolve("promote"));
            files.appendHba(spec.pgHba(), control.resolved());
            files.saveConfigurationFiles();
            state.set(PostgresState.STARTING_AFTER_CUSTOM_BOOTSTRAP);
            control.startAfterRestore(method);
        } catch (PostgresException | java.io.IOException e) {
            LOG.error("bootstrap failed: {}", e.getMessage());
            control.stopQuietly();
            state.set(PostgresState.CUSTOM_BOOTSTRAP_FAILED);
            Path aside = data.moveAside();
            throw new PostgresException("bootstrap failed, data directory moved to " + aside + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void finishCustomBootstrap(BootstrapSpec spec) {
        try {
            bootstrapper.postBootstrap(spec, queries);
            control.endCustomBootstrap();
            files.saveConfigurationFiles();
            LOG.info("bootstrap of {} finished", settings.dataDir());
        } catch (PostgresException e) {
            LOG.error("bootstrap failed: {}", e.getMessage());
            control.stopQuietly();
            state.set(PostgresState.CUSTOM_BOOTSTRAP_FAILED);
            Path aside = new DataDirectory(settings.dataDir()).moveAside();
            throw new PostgresException("bootstrap failed, data directory moved to " + aside + ": "
                    + e.getMessage(), e);
        }
    }

    private static void moveAsideIfPresent(DataDirectory data) {
        if (java.nio.file.Files.exists(data.path())) {
            data.moveAside();
        }
    }

    @Override
    public synchronized String createReplica(List<ReplicaMethod> methods, Optional<ConnectionTarget> source) {
        PgCtl.checkBinDir(settings, "pg_basebackup", "pg_ctl", "postgres");
        new DataDirectory(settings.dataDir()).requireUsableEmpty("create replica");
        return clone(methods, source);
    }

    private String clone(List<ReplicaMethod> methods, Optional<ConnectionTarget> source) {
        state.set(PostgresState.CREATING_REPLICA);
        try {
            String method = replicaCreator.create(methods, source);
            files.restoreMissingConfigurationFiles();
            return method;
        } finally {
            state.set(PostgresState.STOPPED);
        }
    }

    @Override
    public synchronized String reinitialize(List<ReplicaMethod> methods, ConnectionTarget source) {
        PgCtl.checkBinDir(settings, "pg_basebackup", "pg_ctl", "postgres");
        if (status().isRunning()) {
            control.stop(StopMode.IMMEDIATE, settings.pgCtlTimeout());
        }
        new DataDirectory(settings.dataDir()).remove();
        return clone(methods, Optional.of(source));
    }

    @Override
    public synchronized void start(Optional<StandbyConfig> standby) {
        control.start(standby);
    }

    @Override
    public synchronized void stop(StopMode mode, Duration timeout) {
        control.stop(mode, timeout);
    }

    @Override
    public synchronized void stop(StopMode mode) {
        control.stop(mode, settings.pgCtlTimeout());
    }

    @Override
    public synchronized void restart(StopMode mode) {
        state.set(PostgresState.RESTARTING);
        control.restart(mode);
    }

    @Override
    public synchronized void reload() {
        control.reload();
    }

    @Override
    public synchronized FollowResult follow(StandbyConfig standby) {
        return control.follow(standby);
    }

    @Override
    public synchronized void promote(Duration timeout) {
        control.promote(timeout);
    }

    @Override
    public synchronized void demote(StandbyConfig standby, StopMode mode) {
        control.stop(mode, settings.pgCtlTimeout());
        control.start(Optional.of(standby));
    }

    @Override
    public synchronized RewindPlanner.Decision checkRewind(ConnectionTarget leaderReplication) {
        Optional<ControlData.LocalPosition> running = Optional.empty();
        if (status().isRunning()) {
            WalPosition pos = queries.walPosition();
            if (!pos.inRecovery()) {
                throw new PostgresException("cannot check for pg_rewind while PostgreSQL is running as a primary"
                        + " on " + settings.dataDir() + ": stop or demote it first");
            }
            int timeline = LeaderProbe.probe(settings.local(settings.replication())).timeline();
            running = Optional.of(new ControlData.LocalPosition(true, timeline, pos.replayedLsn().orElse(0)));
        } else {
            PgCtl.checkBinDir(settings, "pg_controldata", "postgres");
        }
        Optional<ControlData.LocalPosition> local = running;
        return offline(() -> rewinder.check(leaderReplication, local), running.isEmpty());
    }

    @Override
    public synchronized RewindOutcome rewind(ConnectionTarget leaderRewind, ConnectionTarget leaderReplication) {
        requireStopped("pg_rewind");
        PgCtl.checkBinDir(settings, "pg_rewind", "pg_controldata");
        return offline(() -> rewinder.rewindOrRemove(leaderRewind, leaderReplication), true);
    }

    @Override
    public synchronized boolean changeRecoveryConf(Map<String, String> recoveryConf) {
        return control.changeRecoveryConf(recoveryConf);
    }

    @Override
    public synchronized boolean changeHbaAndIdent(List<String> hba, List<String> ident, boolean reloadNow) {
        return control.changeHbaAndIdent(hba, ident, reloadNow);
    }

    @Override
    public synchronized ParameterChange changeParameters(Map<String, String> parameters) {
        return control.changeParameters(parameters);
    }

    @Override
    public synchronized ParameterChange setSynchronousStandbyNames(Optional<String> value) {
        boolean changed = control.manageSynchronousStandbyNames(Optional.of(value));
        return new ParameterChange(changed ? Set.of("synchronous_standby_names") : Set.of(), changed && isRunning(),
                Set.of());
    }

    @Override
    public synchronized void releaseSynchronousStandbyNames() {
        control.manageSynchronousStandbyNames(Optional.empty());
    }

    @Override
    public Optional<Optional<String>> managedSynchronousStandbyNames() {
        return control.managedSync();
    }

    @Override
    public int replayTimeline() {
        return LeaderProbe.timeline(settings.local(settings.replication()));
    }

    @Override
    public PostgresQueries queries() {
        return queries(QueryPurpose.HA_LOOP);
    }

    @Override
    public PostgresQueries queries(QueryPurpose purpose) {
        synchronized (connections) {
            return connections.computeIfAbsent(purpose, p -> new JdbcPostgresQueries(
                    JdbcConnection.regular(settings.local(settings.superuser()))));
        }
    }

    /** Drops every connection (before a stop, or after a restart made them stale). */
    private void disconnect() {
        synchronized (connections) {
            connections.values().forEach(PostgresQueries::close);
        }
    }

    @Override
    public ControlData controlData() {
        return ControlDataParser.parse(pgCtl.controlData());
    }

    @Override
    public Map<String, String> effectiveParameters() {
        return control.resolved().conf();
    }

    @Override
    public List<RecoverySensitive.Raise> raisedForRecovery() {
        return control.raised();
    }

    private <T> T offline(java.util.function.Supplier<T> work, boolean dataDirectoryBusy) {
        if (!dataDirectoryBusy) {
            return work.get();
        }
        offlineWork.set(true);
        try {
            return work.get();
        } finally {
            offlineWork.set(false);
        }
    }

    private void requireStopped(String what) {
        if (status().isRunning()) {
            throw new PostgresException("cannot " + what + " while PostgreSQL is running on " + settings.dataDir());
        }
    }

    @Override
    public void cancelLongOperation() {
        runner.cancel();
    }

    @Override
    public void close() {
        disconnect();
    }
}
