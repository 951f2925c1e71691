package io.jpatroni.postgres.controldata;

import io.jpatroni.postgres.Lsn;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The key/value output of {@code pg_controldata}, with typed accessors for what jpatroni decides on. */
public record ControlData(Map<String, String> values) {
    public static final String SHUT_DOWN = "shut down";
    public static final String SHUT_DOWN_IN_RECOVERY = "shut down in recovery";
    public static final String IN_PRODUCTION = "in production";
    public static final String IN_ARCHIVE_RECOVERY = "in archive recovery";

    public ControlData {
        values = Map.copyOf(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String clusterState() {
        return values.getOrDefault("Database cluster state", "");
    }

    public String systemIdentifier() {
        return values.getOrDefault("Database system identifier", "");
    }

    public boolean isCleanShutdown() {
        String s = clusterState();
        return s.equals(SHUT_DOWN) || s.equals(SHUT_DOWN_IN_RECOVERY);
    }

    public int checkpointTimeline() {
        return Integer.parseInt(values.getOrDefault("Latest checkpoint's TimeLineID", "0"));
    }

    public long checkpointLocation() {
        return Lsn.parse(values.getOrDefault("Latest checkpoint location", "0/0"));
    }

    public int minRecoveryEndTimeline() {
        return Integer.parseInt(values.getOrDefault("Min recovery ending loc's timeline", "0"));
    }

    public long minRecoveryEndLocation() {
        return Lsn.parse(values.getOrDefault("Minimum recovery ending location", "0/0"));
    }

    public boolean dataChecksumsEnabled() {
        return !values.getOrDefault("Data page checksum version", "0").equals("0");
    }

    public boolean walLogHints() {
        return values.getOrDefault("wal_log_hints setting", "off").equals("on");
    }

    /** pg_rewind needs either wal_log_hints or data checksums (what Patroni checks too). */
    public boolean allowsRewind() {
        return walLogHints() || dataChecksumsEnabled();
    }

    /**
     * Where this data directory stands, as the rewind check needs it (Patroni's logic): a replica shut down in
     * recovery reports its minimum recovery point; a primary shut down cleanly its last checkpoint.
     * Empty when the cluster was not shut down cleanly.
     */
    public Optional<LocalPosition> localPosition() {
        String state = clusterState();
        if (state.equals(SHUT_DOWN_IN_RECOVERY) || state.equals(IN_ARCHIVE_RECOVERY)) {
            long lsn = minRecoveryEndLocation();
            int tli = minRecoveryEndTimeline();
            if (lsn != 0 && tli != 0) {
                return Optional.of(new LocalPosition(true, tli, lsn));
            }
            state = SHUT_DOWN; // it was a primary when it went down
        }
        if (state.equals(SHUT_DOWN)) {
            return Optional.of(new LocalPosition(false, checkpointTimeline(), checkpointLocation()));
        }
        return Optional.empty();
    }

    public OptionalLong walSegmentSize() {
        String v = values.get("Bytes per WAL segment");
        return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v));
    }

    /** Timeline and LSN of a stopped data directory; {@code inRecovery} when it was a replica. */
    public record LocalPosition(boolean inRecovery, int timeline, long lsn) {
    }
}
