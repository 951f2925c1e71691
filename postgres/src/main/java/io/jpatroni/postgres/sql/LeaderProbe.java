package io.jpatroni.postgres.sql;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.rewind.HistoryFile;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/** Asks a leader over the replication protocol for its timeline and history (IDENTIFY_SYSTEM, TIMELINE_HISTORY). */
public final class LeaderProbe {
    private LeaderProbe() {
    }

    /**
     * The leader's timeline and, when it is above 1, the history file of that timeline; {@code inRecovery} while it
     * still replays (a replica, or a promotion not finished yet: its timeline is not its final one).
     */
    public record LeaderTimeline(String systemIdentifier, int timeline, Optional<HistoryFile> history,
                                 boolean inRecovery) {
        public LeaderTimeline(String systemIdentifier, int timeline, Optional<HistoryFile> history) {
            this(systemIdentifier, timeline, history, false);
        }
    }

    /**
     * IDENTIFY_SYSTEM's timeline alone: on a primary its own, on a replica (the local one, for instance) the
     * timeline it replays, exact even while its walreceiver has no primary to talk to.
     */
    public static int timeline(ConnectionTarget replicationTarget) {
        try (JdbcConnection conn = JdbcConnection.replication(replicationTarget)) {
            return conn.run("IDENTIFY_SYSTEM", c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
                    rs.next();
                    return rs.getInt(2);
                }
            });
        }
    }

    public static LeaderTimeline probe(ConnectionTarget replicationTarget) {
        try (JdbcConnection conn = JdbcConnection.replication(replicationTarget)) {
            return conn.run("IDENTIFY_SYSTEM / TIMELINE_HISTORY", c -> {
                try (Statement st = c.createStatement()) {
                    String sysid;
                    int tli;
                    boolean inRecovery;
                    // the replication protocol runs no SQL, but SHOW (PostgreSQL 10+); in_hot_standby is 14+
                    try (ResultSet rs = st.executeQuery("SHOW in_hot_standby")) {
                        rs.next();
                        inRecovery = "on".equals(rs.getString(1));
                    }
                    try (ResultSet rs = st.executeQuery("IDENTIFY_SYSTEM")) {
                        rs.next();
                        sysid = rs.getString(1);
                        tli = rs.getInt(2);
                    }
                    if (tli <= 1) {
                        return new LeaderTimeline(sysid, tli, Optional.empty(), inRecovery);
                    }
                    try (ResultSet rs = st.executeQuery("TIMELINE_HISTORY " + tli)) {
                        rs.next();
                        return new LeaderTimeline(sysid, tli, Optional.of(HistoryFile.parse(text(rs))), inRecovery);
                    }
                }
            });
        }
    }

    private static String text(ResultSet rs) throws java.sql.SQLException {
        String s = rs.getString(2);
        if (s != null && s.startsWith("\\x")) { // bytea in text form (before PostgreSQL 16 the column is bytea)
            return new String(HexFormat.of().parseHex(s.substring(2)), StandardCharsets.UTF_8);
        }
        return s == null ? "" : s;
    }
}
