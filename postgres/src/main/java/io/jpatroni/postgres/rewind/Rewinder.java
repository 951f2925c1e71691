package io.jpatroni.postgres.rewind;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.DataDirectory;
import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.config.ConfQuoting;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.controldata.ControlData;
import io.jpatroni.postgres.controldata.ControlDataParser;
import io.jpatroni.postgres.process.Command;
import io.jpatroni.postgres.process.PgCtl;
import io.jpatroni.postgres.process.ProcessFailedException;
import io.jpatroni.postgres.process.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        try {
            ControlData cd = ensureCleanShutdown();
            if (!policy.usePgRewind()) {
                throw new PostgresException("pg_rewind is needed but use_pg_rewind is off");
            }
            if (!cd.allowsRewind()) {
                throw new PostgresException("pg_rewind is not possible: neither wal_log_hints nor data checksums"
                        + " are enabled on " + settings.dataDir());
            }
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
                "--target-pgdata=" + settings.dataDir(), "--source-server=" + sourceServer(leader)));
        Command cmd = Command.of(timeout, args).withEnv(env).logged();
        LOG.info("running pg_rewind from {}", leader);
        try {
            runner.runChecked("pg_rewind from " + leader + " failed", cmd);
        } finally {
            files.restoreConfigurationFiles();
        }
        LOG.info("pg_rewind finished successfully");
    }

    static String sourceServer(ConnectionTarget t) {
        return "dbname=" + ConfQuoting.conninfoValue(t.database()) + " user=" + ConfQuoting.conninfoValue(t.user())
                + " host=" + ConfQuoting.conninfoValue(t.host()) + " port=" + t.port()
                + " target_session_attrs=read-write";
    }

    /** For {@link ProcessFailedException}-free callers: whether pg_rewind is installed and usable here. */
    public boolean binaryAvailable() {
        return java.nio.file.Files.isExecutable(settings.bin("pg_rewind"));
    }
}
