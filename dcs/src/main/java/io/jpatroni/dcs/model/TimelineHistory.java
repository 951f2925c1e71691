package io.jpatroni.dcs.model;

import java.util.List;
import java.util.Optional;

/** The {@code history} key: one line per promotion, as {@code [timeline, lsn, reason, timestamp, new_leader]}. */
public record TimelineHistory(long modRevision, String rawValue, List<HistoryLine> lines) {
    public TimelineHistory {
        lines = List.copyOf(lines);
    }

    /** One history entry; the timestamp and new leader are missing in entries written by old versions. */
    public record HistoryLine(long timeline, long lsn, String reason, Optional<String> timestamp,
                              Optional<String> newLeader) {
    }
}
