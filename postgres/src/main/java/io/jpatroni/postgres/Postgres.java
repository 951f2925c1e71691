package io.jpatroni.postgres;

import io.jpatroni.postgres.bootstrap.BootstrapSpec;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.controldata.ControlData;
import io.jpatroni.postgres.param.RecoverySensitive;
import io.jpatroni.postgres.process.PostmasterStatus;
import io.jpatroni.postgres.process.ProcessRunner;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.replica.ReplicaMethod;
import io.jpatroni.postgres.rewind.RewindOutcome;
import io.jpatroni.postgres.rewind.RewindPlanner;
import io.jpatroni.postgres.sql.PostgresQueries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything jpatroni does to the local PostgreSQL. The HA loop decides; this executes.
 *
 * <p>Contract for every operation: it either completes or throws a {@link PostgresException}. Failures of an
 * external program throw {@link io.jpatroni.postgres.process.ProcessFailedException}, whose message names the
 * command line, its exit code (or the timeout) and the tail of its output; query failures throw
 * {@link io.jpatroni.postgres.sql.PostgresConnectionException}. Passwords never appear in command lines or
 * messages: libpq reads them from the pgpass file. Operations are serialized; {@link #state()} may be read
 * from any thread at any time.
 */
public interface Postgres extends AutoCloseable {

    static Postgres create(PostgresSettings settings, ProcessRunner runner, PostgresTimeouts timeouts) {
        return new LocalPostgres(settings, runner, timeouts);
    }

    PostgresSettings settings();

    /** What PostgreSQL is doing, as Patroni reports it. */
    PostgresState state();

    /**
     * Checks postmaster.pid against the process table. A postmaster already running on the data directory is
     * adopted (state becomes RUNNING); a pid file left by a dead postmaster means a crash (state CRASHED).
     */
    PostmasterStatus status();

    /** {@code status().isRunning()}. */
    boolean isRunning();

    /**
     * initdb with {@code spec.initdb()}, append {@code spec.pgHba()} to pg_hba.conf, start, set the superuser
     * password, run post_bootstrap (with the conninfo as argument; password via PGPASSFILE), create the replication
     * user, the rewind user with Patroni's grants, and {@code spec.users()}. Leaves PostgreSQL running as a
     * primary. The data directory must be absent or empty and owned by us. If initdb fails the directory is as
     * before; if a later step fails PostgreSQL is stopped and the directory moved aside to
     * {@code <data_dir>.failed} (replacing an older one).
     */
    void bootstrap(BootstrapSpec spec);

    /**
     * A custom bootstrap, first half, as Patroni's: run {@code spec.method()}'s command (a restore into the empty data
     * directory), put back missing configuration files, remove a promote trigger file, write its {@code recovery_conf}
     * (or remove the restored recovery files unless kept), append {@code spec.pgHba()}, and start, with trust
     * access for local connections until {@link #finishCustomBootstrap}. PostgreSQL may still be recovering when
     * this returns. A failed command leaves the state {@code custom bootstrap failed}; a failed command or start
     * moves the data directory aside to {@code <data_dir>.failed}.
     */
    default void bootstrapByMethod(BootstrapSpec spec) {
        throw new UnsupportedOperationException("bootstrapByMethod");
    }

    /**
     * A custom bootstrap, second half, once PostgreSQL runs as a primary: the roles and post_bootstrap as after
     * initdb, then the configured pg_hba (or the restored one) instead of the trust access, no recovery settings
     * left, and a reload (a restart when a parameter needs it, e.g. hot_standby was off). On failure PostgreSQL is
     * stopped and the data directory moved aside.
     */
    default void finishCustomBootstrap(BootstrapSpec spec) {
        throw new UnsupportedOperationException("finishCustomBootstrap");
    }

    /**
     * Fills the (absent or empty) data directory by trying {@code methods} in order (empty: basebackup) from
     * {@code source} (replication credentials). Without a source only {@code noLeader} methods run. Returns the
     * method that worked; if all fail the data directory is removed. Does not start PostgreSQL.
     */
    String createReplica(List<ReplicaMethod> methods, Optional<ConnectionTarget> source);

    /** Stops PostgreSQL (immediate), removes the data directory and {@link #createReplica clones} again. */
    String reinitialize(List<ReplicaMethod> methods, ConnectionTarget source);

    /**
     * Writes postgresql.conf (and pg_hba.conf / pg_ident.conf when configured), standby.signal and the pgpass
     * file when {@code standby} is present, then {@code pg_ctl start} and waits until PostgreSQL accepts
     * connections, up to pg_ctl_timeout. A replica still replaying WAL when the timeout expires is left running
     * in state STARTING ({@link #status()} turns it RUNNING once it accepts connections); a primary that does
     * not come up is stopped and START_FAILED thrown. Throws if a postmaster already runs there.
     */
    void start(Optional<StandbyConfig> standby);

    /**
     * Stops, starting with {@code mode} and escalating smart → fast → immediate whenever a step does not finish
     * within {@code timeout}. No-op when not running. Throws only if even immediate fails.
     */
    void stop(StopMode mode, Duration timeout);

    /** {@link #stop(StopMode, Duration)} with pg_ctl_timeout. */
    void stop(StopMode mode);

    /** Stop (escalating from {@code mode}) and start with the same role. */
    void restart(StopMode mode);

    /** Rewrites the configuration files and signals the postmaster to reload them. */
    void reload();

    /**
     * Makes this node a replica of {@code standby}: starts it if stopped, reloads when PostgreSQL can apply the
     * change (primary_conninfo / primary_slot_name from 13), restarts otherwise or when it runs as a primary.
     */
    FollowResult follow(StandbyConfig standby);

    /** {@code pg_ctl promote}, waits until out of recovery, then CHECKPOINT (so pg_rewind sees the timeline). */
    void promote(Duration timeout);

    /** Stops (escalating from {@code mode}) and starts as a replica of {@code standby}. */
    void demote(StandbyConfig standby, StopMode mode);

    /**
     * Whether this node has to be rewound before following the leader: compares the local timeline and LSN
     * (pg_controldata when stopped, after single-user crash recovery if needed; replay position when running as
     * a replica) with the leader's timeline history, asked with {@code leaderReplication} credentials. Throws
     * when running as a primary or when the leader is a different cluster.
     */
    RewindPlanner.Decision checkRewind(ConnectionTarget leaderReplication);

    /**
     * pg_rewind from the leader with {@code leaderRewind} credentials (PostgreSQL must be stopped); keeps the
     * local configuration files. Returns DATA_DIRECTORY_REMOVED when rewind is impossible or failed and the
     * policy (remove_data_directory_on_diverged_timelines / _on_rewind_failure) removed the data directory:
     * then {@link #createReplica}. Otherwise failures throw and leave the data directory in place.
     */
    RewindOutcome rewind(ConnectionTarget leaderRewind, ConnectionTarget leaderReplication);

    /**
     * Replaces {@code postgresql.parameters}, rewrites postgresql.conf and reloads; reports the parameters that
     * only a restart applies (pg_settings.context = postmaster, or pending_restart). A stopped server only keeps
     * them for its next start.
     */
    ParameterChange changeParameters(Map<String, String> parameters);

    /**
     * New {@code pg_hba} / {@code pg_ident} lines (Patroni's {@code reload_config}): when a file jpatroni writes
     * changed, PostgreSQL runs and {@code reloadNow}, the files are written and PostgreSQL reloaded (true); else they
     * are kept for the next write of the files (a start, or the reload {@link #changeParameters} does). An empty list
     * leaves its file alone, as does an hba_file / ident_file elsewhere.
     */
    boolean changeHbaAndIdent(java.util.List<String> hba, java.util.List<String> ident, boolean reloadNow);

    /**
     * New {@code recovery_conf} (restore_command, recovery_min_apply_delay...; Patroni's reload): kept for the next
     * start, and a running replica gets them at its next {@link #follow}, reloaded, or restarted when a setting needs
     * it (primary_conninfo's rules before PostgreSQL 13). True when a running replica will take them so.
     */
    boolean changeRecoveryConf(Map<String, String> recoveryConf);

    /**
     * Takes synchronous_standby_names over from the configured parameters: sets it (or with empty, removes it) in
     * postgresql.conf and reloads when it changed, as Patroni does in synchronous mode. Later parameter changes keep
     * it until {@link #releaseSynchronousStandbyNames()}.
     */
    ParameterChange setSynchronousStandbyNames(Optional<String> value);

    /** Gives synchronous_standby_names back to the configured parameters (synchronous mode turned off). */
    void releaseSynchronousStandbyNames();

    /** The value set by {@link #setSynchronousStandbyNames}; empty while the configured parameters decide. */
    Optional<Optional<String>> managedSynchronousStandbyNames();

    /**
     * The timeline this running replica replays, asked over a local replication connection (IDENTIFY_SYSTEM with
     * the replication credentials, as Patroni does when the walreceiver cannot tell). Throws
     * PostgresConnectionException when that connection fails.
     */
    int replayTimeline();

    /** Queries over the HA loop's reused superuser connection. */
    PostgresQueries queries();

    /** Queries over the reused connection of {@code purpose}. */
    PostgresQueries queries(QueryPurpose purpose);

    /** pg_controldata of the data directory. */
    ControlData controlData();

    /**
     * The server parameters as written to postgresql.conf for this major version (Patroni's defaults, configured
     * values, listen..., converted or dropped where the version needs it).
     */
    Map<String, String> effectiveParameters();

    /**
     * The recovery-sensitive parameters (max_connections...) the running replica was started with above its
     * configuration, because pg_controldata says the primary ran with more: a restart is pending. Empty on a
     * primary and after a start with the configured values.
     */
    List<RecoverySensitive.Raise> raisedForRecovery();

    /**
     * From any thread: kills a running clone (pg_basebackup, replica method) or post_bootstrap script, as
     * Patroni's cancellable does. The operation then fails and cleans up as on any failure.
     */
    void cancelLongOperation();

    /** Closes the connections; PostgreSQL keeps running. */
    @Override
    void close();
}
