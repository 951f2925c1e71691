package io.jpatroni.postgres.sql;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One snapshot of where the local server stands. On a primary {@code currentLsn} is set; on a replica the
 * received / replayed LSNs, the last replay timestamp and whether replay is paused.
 *
 * <p>{@code timeline} is exact on a primary and on a replica whose walreceiver is in contact with its primary
 * (its {@code received_tli} once {@code latest_end_lsn} is known, Patroni's rule). Otherwise
 * ({@code timelineKnown} false) it is the last checkpoint's timeline from pg_control, which on a replica stays
 * behind a timeline switch until the next restartpoint: ask the replica itself (IDENTIFY_SYSTEM) instead.
 */
public record WalPosition(boolean inRecovery, int timeline, boolean timelineKnown, OptionalLong currentLsn,
                          OptionalLong receivedLsn, OptionalLong replayedLsn, Optional<Instant> lastReplayTimestamp,
                          boolean replayPaused) {
    /** The position Patroni publishes: current on a primary, the max of received/replayed on a replica. */
    public long lsn() {
        if (!inRecovery) {
            return currentLsn.orElse(0);
        }
        return Math.max(receivedLsn.orElse(0), replayedLsn.orElse(0));
    }
}
