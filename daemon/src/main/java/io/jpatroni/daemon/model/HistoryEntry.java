package io.jpatroni.daemon.model;

/** One line of a timeline history file ({@code pg_wal/0000000N.history}): parent timeline, switch point, reason. */
public record HistoryEntry(long timeline, long lsn, String reason) {
}
