package io.jpatroni.postgres.sql;

import io.jpatroni.postgres.Lsn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link PostgresQueries} over one reused {@link JdbcConnection}. SQL is tested against real PostgreSQL 15. */
public final class JdbcPostgresQueries implements PostgresQueries {
    private static final String WAL_POSITION = "SELECT pg_catalog.pg_is_in_recovery(),"
            + " CASE WHEN pg_catalog.pg_is_in_recovery() THEN NULL ELSE"
            + " ('x' || pg_catalog.substr(pg_catalog.pg_walfile_name(pg_catalog.pg_current_wal_lsn()), 1, 8))"
            + "::bit(32)::int END,"
            + " CASE WHEN pg_catalog.pg_is_in_recovery() THEN NULL ELSE pg_catalog.pg_current_wal_lsn()::text END,"
            + " pg_catalog.pg_last_wal_receive_lsn()::text, pg_catalog.pg_last_wal_replay_lsn()::text,"
            + " pg_catalog.pg_last_xact_replay_timestamp(),"
            + " pg_catalog.pg_is_in_recovery() AND pg_catalog.pg_is_wal_replay_paused(),"
            + " (SELECT CASE WHEN latest_end_lsn IS NULL THEN NULL ELSE received_tli END"
            + " FROM pg_catalog.pg_stat_get_wal_receiver()),"
            + " (SELECT timeline_id FROM pg_catalog.pg_control_checkpoint())";
    private static final String NODE_STATUS = WAL_POSITION
            + ", (SELECT system_identifier::text FROM pg_catalog.pg_control_system()),"
            + " pg_catalog.pg_postmaster_start_time(), pg_catalog.current_setting('server_version_num')::int,"
            + " pg_catalog.current_setting('synchronous_standby_names'),"
            + " pg_catalog.current_setting('synchronous_commit')";

    private final JdbcConnection connection;

    public JdbcPostgresQueries(JdbcConnection connection) {
        this.connection = connection;
    }

    @Override
    public boolean isInRecovery() {
        return single("pg_is_in_recovery", "SELECT pg_catalog.pg_is_in_recovery()", rs -> rs.getBoolean(1));
    }

    @Override
    public WalPosition walPosition() {
        return single("WAL position query", WAL_POSITION, JdbcPostgresQueries::walPosition);
    }

    @Override
    public NodeStatus status() {
        return single("status query", NODE_STATUS, rs -> new NodeStatus(walPosition(rs), rs.getString(10),
                rs.getTimestamp(11).toInstant(), rs.getInt(12), rs.getString(13), rs.getString(14)));
    }

    /** Columns 1-9: {@link #WAL_POSITION}'s. */
    private static WalPosition walPosition(ResultSet rs) throws SQLException {
        boolean recovery = rs.getBoolean(1);
        int primaryTli = rs.getInt(2);
        int receivedTli = rs.getInt(8);
        boolean hasReceived = !rs.wasNull();
        boolean known = !recovery || hasReceived && receivedTli > 0;
        int timeline = !recovery ? primaryTli : known ? receivedTli : rs.getInt(9);
        Timestamp ts = rs.getTimestamp(6);
        return new WalPosition(recovery, timeline, known, lsn(rs.getString(3)), lsn(rs.getString(4)),
                lsn(rs.getString(5)), Optional.ofNullable(ts).map(Timestamp::toInstant), rs.getBoolean(7));
    }

    @Override
    public Instant postmasterStartTime() {
        return single("postmaster start time", "SELECT pg_catalog.pg_postmaster_start_time()",
                rs -> rs.getTimestamp(1).toInstant());
    }

    @Override
    public List<ReplicationInfo> replicationStatus() {
        return list("pg_stat_replication", "SELECT pid, application_name, host(client_addr), state, sync_state,"
                + " sent_lsn::text, write_lsn::text, flush_lsn::text, replay_lsn::text"
                + " FROM pg_catalog.pg_stat_replication ORDER BY application_name", rs -> new ReplicationInfo(
                rs.getInt(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), rs.getString(4),
                rs.getString(5), lsn(rs.getString(6)), lsn(rs.getString(7)), lsn(rs.getString(8)),
                lsn(rs.getString(9))));
    }

    @Override
    public List<SlotInfo> replicationSlots() {
        return list("pg_replication_slots", "SELECT slot_name, slot_type, plugin, database, active,"
                + " restart_lsn::text, confirmed_flush_lsn::text FROM pg_catalog.pg_replication_slots"
                + " WHERE NOT temporary ORDER BY slot_name", rs -> new SlotInfo(rs.getString(1), rs.getString(2),
                Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4)), rs.getBoolean(5),
                lsn(rs.getString(6)), lsn(rs.getString(7))));
    }

    @Override
    public boolean createPhysicalSlot(String name) {
        return single("create slot " + name, "SELECT pg_catalog.pg_create_physical_replication_slot(?, true)"
                + " FROM (SELECT 1) x WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_replication_slots"
                + " WHERE slot_name = ?)", List.of(name, name), rs -> true, false);
    }

    @Override
    public boolean dropSlot(String name) {
        return single("drop slot " + name, "SELECT pg_catalog.pg_drop_replication_slot(slot_name)"
                + " FROM pg_catalog.pg_replication_slots WHERE slot_name = ? AND NOT active",
                List.of(name), rs -> true, false);
    }

    @Override
    public List<SettingInfo> settings(Collection<String> names) {
        return connection.run("pg_settings", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, setting, unit, context, pending_restart"
                    + " FROM pg_catalog.pg_settings WHERE name = ANY(?) ORDER BY name")) {
                ps.setArray(1, c.createArrayOf("text", names.toArray()));
                List<SettingInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SettingInfo(rs.getString(1), rs.getString(2),
                                Optional.ofNullable(rs.getString(3)), rs.getString(4), rs.getBoolean(5)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public String currentSetting(String name) {
        return single("current_setting(" + name + ")", "SELECT pg_catalog.current_setting(?)", List.of(name),
                rs -> rs.getString(1), "");
    }

    @Override
    public void checkpoint() {
        execute("CHECKPOINT");
    }

    @Override
    public void execute(String sql) {
        connection.run("statement", c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                return null;
            }
        });
    }

    @Override
    public void close() {
        connection.close();
    }

    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> T single(String what, String sql, Row<T> row) {
        return single(what, sql, List.of(), row, null);
    }

    private <T> T single(String what, String sql, List<String> params, Row<T> row, T ifNone) {
        return connection.run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setString(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        if (ifNone == null) {
                            throw new SQLException(what + " returned no row");
                        }
                        return ifNone;
                    }
                    return row.map(rs);
                }
            }
        });
    }

    private <T> List<T> list(String what, String sql, Row<T> row) {
        return connection.run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        });
    }

    static OptionalLong lsn(String text) {
        return text == null ? OptionalLong.empty() : OptionalLong.of(Lsn.parse(text));
    }
}
