package io.jpatroni.postgres.rewind;

import io.jpatroni.postgres.Lsn;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.controldata.ControlData.LocalPosition;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, without I/O, whether a stopped (or replaying) node must be rewound before following the leader,
 * by comparing its timeline and LSN with the leader's timeline and history (Patroni's rule).
 */
public final class RewindPlanner {
    private RewindPlanner() {
    }

    /** What to do about a node that needs a rewind. */
    public enum Action {
        /** run pg_rewind */
        REWIND,
        /** remove the data directory and clone again (remove_data_directory_on_diverged_timelines) */
        REMOVE_DATA_DIRECTORY,
        /** neither allowed: the node must stay down until someone reinitializes it */
        IMPOSSIBLE
    }

    /**
     * Patroni's order: pg_rewind when enabled and possible (binary present, wal_log_hints or checksums), else
     * re-clone when remove_data_directory_on_diverged_timelines allows it.
     */
    public static Action action(PostgresSettings.RewindPolicy policy, boolean rewindPossible) {
        if (policy.usePgRewind() && rewindPossible) {
            return Action.REWIND;
        }
        return policy.removeDataDirectoryOnDivergedTimelines() ? Action.REMOVE_DATA_DIRECTORY : Action.IMPOSSIBLE;
    }

    /**
     * The decision and the reason, worded for the log; {@code undecided} when the leader cannot tell yet (it is still
     * in recovery: its timeline is not its final one), so the check must be made again later.
     */
    public record Decision(boolean needRewind, String reason, boolean undecided) {
        public Decision(boolean needRewind, String reason) {
            this(needRewind, reason, false);
        }

        /** Patroni's check_leader_is_not_in_recovery failed: ask again once the leader has left recovery. */
        public static Decision leaderInRecovery() {
            return new Decision(false, "Leader is still in_recovery and therefore can't be used for rewind", true);
        }
    }

    /**
     * @param local          where the local node stands (from pg_controldata or a running replica)
     * @param leaderTimeline the leader's current timeline (IDENTIFY_SYSTEM)
     * @param leaderHistory  the leader's history file for {@code leaderTimeline}; required when it is ahead
     * @param checkpointEnd  for a former primary: the end of its shutdown checkpoint record, if known
     */
    public static Decision decide(LocalPosition local, int leaderTimeline, Optional<HistoryFile> leaderHistory,
                                  OptionalLong checkpointEnd) {
        int tli = local.timeline();
        if (tli > leaderTimeline) {
            return new Decision(true, "local timeline " + tli + " is ahead of the leader's " + leaderTimeline);
        }
        if (tli == leaderTimeline) {
            return new Decision(false, "local timeline " + tli + " is the leader's timeline");
        }
        if (leaderHistory.isEmpty()) {
            return new Decision(true, "leader is on timeline " + leaderTimeline + " but its history is unknown");
        }
        for (HistoryFile.Entry e : leaderHistory.get().entries()) {
            if (e.parentTimeline() == tli) {
                return decideAtSwitch(local, e.switchPoint(), checkpointEnd);
            }
            if (e.parentTimeline() > tli) {
                return new Decision(true, "local timeline " + tli + " is not in the leader's history");
            }
        }
        return new Decision(true, "local timeline " + tli + " is not in the leader's history");
    }

    private static Decision decideAtSwitch(LocalPosition local, long switchPoint, OptionalLong checkpointEnd) {
        String where = "local lsn " + Lsn.format(local.lsn()) + " on timeline " + local.timeline()
                + ", leader switched off it at " + Lsn.format(switchPoint);
        if (local.inRecovery()) {
            boolean ahead = local.lsn() > switchPoint;
            return new Decision(ahead, where + (ahead ? ": replica replayed past the switch point"
                    : ": replica is not ahead of the switch point"));
        }
        if (local.lsn() >= switchPoint) {
            return new Decision(true, where + ": former primary wrote past the switch point");
        }
        if (checkpointEnd.isPresent() && checkpointEnd.getAsLong() == switchPoint) {
            return new Decision(false, where + ": shutdown checkpoint ends exactly at the switch point");
        }
        return new Decision(true, where + ": shutdown checkpoint does not end at the switch point");
    }
}
