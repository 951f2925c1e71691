package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.PostgresProcess;
import io.jpatroni.daemon.model.RunningTask;
import io.jpatroni.daemon.model.TaskOutcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What this node knows about itself at the start of a cycle: the local PostgreSQL, its data
 * directory, the background task if any, and the peers' answers gathered for a leader race.
 * Built by the loop from real I/O; the decision only reads it.
 *
 * @param dataDir       whether the data directory holds a cluster
 * @param systemId      the data directory's database system identifier (pg_controldata)
 * @param postgres      the postmaster's state
 * @param inRecovery    true while PostgreSQL runs as a replica (meaningful when running)
 * @param walPosition   current WAL LSN on a primary; max(received, replayed) on a replica
 * @param timeline      the local timeline
 * @param following     the member the local replica currently streams from, if known
 * @param task          the background task still running, if any
 * @param finishedTask  the background task that finished since the last cycle, if any
 * @param divergence    whether the local data must be rewound or re-cloned to follow the leader
 * @param peers         GET /patroni answers of the other members (filled only for a leader race)
 * @param dcsLastSeen   the last time the DCS answered
 * @param firstCycle    no cycle has yet found PostgreSQL running since this daemon started (Patroni's
 *                      {@code cb_called} is still false): PostgreSQL may have been running before us
 * @param now           the cycle's timestamp (from the injected clock)
 */
public record LocalState(
        DataDir dataDir,
        Optional<String> systemId,
        PostgresProcess postgres,
        boolean inRecovery,
        long walPosition,
        long timeline,
        Optional<String> following,
        Optional<RunningTask> task,
        Optional<TaskOutcome> finishedTask,
        Divergence divergence,
        Map<String, PeerStatus> peers,
        Optional<Instant> dcsLastSeen,
        boolean firstCycle,
        Instant now) {

    public LocalState {
        peers = Map.copyOf(peers);
    }

    public boolean isRunning() {
        return postgres == PostgresProcess.RUNNING;
    }

    public boolean isRunningPrimary() {
        return isRunning() && !inRecovery;
    }

    public OptionalLong walPositionIfKnown() {
        return dataDir == DataDir.PRESENT ? OptionalLong.of(walPosition) : OptionalLong.empty();
    }
}
