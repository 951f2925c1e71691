package io.jpatroni.daemon.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One look at the local PostgreSQL, taken at the start of a cycle. Feeds the decision, the member
 * key and the REST API, so nothing else needs to query PostgreSQL during the cycle.
 */
public record Observation(
        DataDir dataDir,
        Optional<String> systemId,
        PostgresProcess process,
        boolean inRecovery,
        long timeline,
        OptionalLong currentLsn,
        OptionalLong receivedLsn,
        OptionalLong replayedLsn,
        Optional<OffsetDateTime> replayedTimestamp,
        boolean replayPaused,
        Optional<String> following,
        int serverVersion,
        Optional<OffsetDateTime> postmasterStartTime,
        List<ReplicationRow> replication,
        boolean pendingRestart) {

    public Observation {
        replication = List.copyOf(replication);
    }

    /** Nothing running, nothing known beyond the data directory. */
    public static Observation stopped(DataDir dataDir, Optional<String> systemId, long timeline,
                                      PostgresProcess process) {
        return new Observation(dataDir, systemId, process, true, timeline, OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), false, Optional.empty(), 0,
                Optional.empty(), List.of(), false);
    }

    public boolean isRunning() {
        return process == PostgresProcess.RUNNING;
    }

    /** The WAL position compared in a leader race: current LSN on a primary, max(received, replayed) on a replica. */
    public long walPosition() {
        if (!inRecovery) {
            return currentLsn.orElse(0);
        }
        return Math.max(receivedLsn.orElse(0), replayedLsn.orElse(0));
    }

    /**
     * A row of pg_stat_replication, as /patroni shows it, with the positions the synchronous standby choice compares
     * (empty while the standby has reported none).
     */
    public record ReplicationRow(String usename, String applicationName, String clientAddr, String state,
                                 String syncState, int syncPriority, OptionalLong writeLsn, OptionalLong flushLsn,
                                 OptionalLong replayLsn) {

        public ReplicationRow(String usename, String applicationName, String clientAddr, String state,
                              String syncState, int syncPriority) {
            this(usename, applicationName, clientAddr, state, syncState, syncPriority, OptionalLong.empty(),
                    OptionalLong.empty(), OptionalLong.empty());
        }
    }
}
