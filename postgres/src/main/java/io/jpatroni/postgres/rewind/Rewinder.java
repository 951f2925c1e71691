package io.jpatroni.postgres.rewind;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.Conninfo;
import io.jpatroni.postgres.DataDirectory;
import io.jpatroni.postgres.Lsn;
import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.controldata.ControlData;
import io.jpatroni.postgres.controldata.ControlData.LocalPosition;
import io.jpatroni.postgres.controldata.ControlDataParser;
import io.jpatroni.postgres.process.Command;
import io.jpatroni.postgres.process.PgCtl;
import io.jpatroni.postgres.process.ProcessRunner;
import io.jpatroni.postgres.sql.LeaderProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pg_rewind on a stopped data directory: finishes crash recovery first (single-user mode), checks that
 * wal_log_hints or checksums allow it, keeps the local configuration files, and applies the removal policy
 * when it cannot work.
 */
public final class Rewinder {
    private static final Logger LOG = LoggerFactory.getLogger(Rewinder.class);

    private final PostgresSettings settings;
    private final ProcessRunner runner;
    private final PgCtl pgCtl;
    private final ConfigFiles files;
    private final Duration timeout;

    public Rewinder(PostgresSettings settings, ProcessRunner runner, PgCtl pgCtl, ConfigFiles files,
                    Duration timeout) {
        this.settings = settings;
        this.runner = runner;
        this.pgCtl = pgCtl;
        this.files = files;
        this.timeout = timeout;
    }

    /**
     * Whether the local node must be rewound to follow the leader. {@code running} is the position of a running
     * replica; when empty the data directory must be stopped and pg_controldata tells (after crash recovery).
     */
    public RewindPlanner.Decision check(ConnectionTarget leaderReplication, Optional<LocalPosition> running) {
        String localSysid = null;
        LocalPosition local;
        OptionalLong checkpointEnd = OptionalLong.empty();
        if (running.isPresent()) {
            local = running.get();
        } else {
            ControlData cd = ensureCleanShutdown();
            localSysid = cd.systemIdentifier();
            local = cd.localPosition().orElseThrow();
        }
        LeaderProbe.LeaderTimeline leader = LeaderProbe.probe(leaderReplication);
        if (leader.inRecovery()) {
            // a promotion in progress still shows the old timeline: deciding now would skip a needed rewind
            RewindPlanner.Decision d = RewindPlanner.Decision.leaderInRecovery();
            LOG.info("{}", d.reason());
            return d;
        }
        if (localSysid != null && !leader.systemIdentifier().equals(localSysid)) {
            throw new PostgresException("leader " + leaderReplication + " has system identifier "
                    + leader.systemIdentifier() + " but this data directory has " + localSysid);
        }
        if (!local.inRecovery() && local.timeline() < leader.timeline()) {
            checkpointEnd = WalDump.checkpointEnd(settings, runner, local.timeline(), local.lsn());
        }
        RewindPlanner.Decision d = RewindPlanner.decide(local, leader.timeline(), leader.history(), checkpointEnd);
        LOG.info("Local timeline={} lsn={}, primary_timeline={}: {}", local.timeline(), Lsn.format(local.lsn()),
                leader.timeline(), d.reason());
        return d;
    }

    /** pg_controldata after making sure the last shutdown was clean (runs crash recovery if needed). */
    public ControlData ensureCleanShutdown() {
        ControlData cd = ControlDataParser.parse(pgCtl.controlData());
        if (cd.isCleanShutdown()) {
            return cd;
        }
        LOG.info("Database cluster state is '{}': running crash recovery in single-user mode", cd.clusterState());
        pgCtl.singleUserRecovery(timeout);
        cd = ControlDataParser.parse(pgCtl.controlData());
        if (!cd.isCleanShutdown()) {
            throw new PostgresException("crash recovery in single-user mode left the cluster in state '"
                    + cd.clusterState() + "'");
        }
        return cd;
    }

    /**
     * Rewinds onto {@code leader} (rewind credentials). {@code replication} is kept in the pgpass file so the
     * replica can stream afterwards.
     */
    public RewindOutcome rewindOrRemove(ConnectionTarget leader, ConnectionTarget replication) {
        var policy = settings.rewindPolicy();
        ControlData cd = ensureCleanShutdown();
        boolean possible = binaryAvailable() && cd.allowsRewind();
        switch (RewindPlanner.action(policy, possible)) {
            case REMOVE_DATA_DIRECTORY -> {
                LOG.warn("pg_rewind is not possible or not enabled: removing data directory as"
                        + " remove_data_directory_on_diverged_timelines says");
                new DataDirectory(settings.dataDir()).remove();
                return RewindOutcome.DATA_DIRECTORY_REMOVED;
            }
            case IMPOSSIBLE -> throw new PostgresException("pg_rewind is needed but " + (!policy.usePgRewind()
                    ? "use_pg_rewind is off" : !binaryAvailable() ? "pg_rewind is missing from " + settings.binDir()
                    : "neither wal_log_hints nor data checksums are enabled on " + settings.dataDir())
                    + ", and remove_data_directory_on_diverged_timelines is off");
            default -> {
                // REWIND below
            }
        }
        try {
            rewind(leader, replication);
            return RewindOutcome.REWOUND;
        } catch (PostgresException e) {
            if (policy.removeDataDirectoryOnRewindFailure()) {
                LOG.warn("{}; removing data directory as remove_data_directory_on_rewind_failure says",
                        e.getMessage());
                new DataDirectory(settings.dataDir()).remove();
                return RewindOutcome.DATA_DIRECTORY_REMOVED;
            }
            throw e;
        }
    }

    private void rewind(ConnectionTarget leader, ConnectionTarget replication) {
        files.saveConfigurationFiles();
        Map<String, String> env = new HashMap<>(files.writePgpass(List.of(leader, replication)));
        env.put("PGOPTIONS", "-c statement_timeout=0");
        List<String> args = new ArrayList<>(List.of(settings.bin("pg_rewind").toString(),
                "--target-pgdata=" + settings.dataDir(), "--source-server=" + sourceServer(leader, files.libpqVersion())));
        Command cmd = Command.of(timeout, args).withEnv(env).logged();
        LOG.info("running pg_rewind from {}", leader);
        try {
            runner.runChecked("pg_rewind from " + leader + " failed", cmd);
        } finally {
            files.restoreConfigurationFiles();
        }
        LOG.info("pg_rewind finished successfully");
    }

    /** Patroni's pg_rewind source: the rewind user's keywords and libpq options, and a read-write session. */
    static String sourceServer(ConnectionTarget t, int versionNum) {
        Map<String, String> params = new java.util.LinkedHashMap<>(t.conninfoParams());
        params.putIfAbsent("target_session_attrs", "read-write");
        return Conninfo.format(params, versionNum);
    }

    /** Whether pg_rewind is installed in bin_dir. */
    public boolean binaryAvailable() {
        return java.nio.file.Files.isExecutable(settings.bin("pg_rewind"));
    }
}
