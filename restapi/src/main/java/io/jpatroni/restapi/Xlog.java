package io.jpatroni.restapi;

import java.time.OffsetDateTime;
import java.util.Optional;

/** The {@code xlog} object of {@code /patroni}: a primary's location or a replica's positions. */
public sealed interface Xlog {

    /** @param location {@code pg_current_wal_lsn()} (flush) as an integer */
    record Primary(long location) implements Xlog {
    }

    /**
     * @param receivedLocation  {@code pg_last_wal_receive_lsn()}
     * @param replayedLocation  {@code pg_last_wal_replay_lsn()}
     * @param replayedTimestamp {@code pg_last_xact_replay_timestamp()} (JSON null when absent)
     * @param paused            {@code pg_is_wal_replay_paused()}
     */
    record Replica(long receivedLocation, long replayedLocation, Optional<OffsetDateTime> replayedTimestamp,
                   boolean paused) implements Xlog {
    }
}
