package io.jpatroni.restapi;

import java.util.Optional;

/** One line of the DCS {@code history} key: {@code [timeline, lsn, reason, timestamp, new_leader]}. */
public record HistoryRow(long timeline, long lsn, String reason, Optional<String> timestamp,
                         Optional<String> newLeader) {
}
