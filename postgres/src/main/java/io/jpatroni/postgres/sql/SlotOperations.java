package io.jpatroni.postgres.sql;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.Lsn;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The slot operations that need a connection of their own (a logical slot lives in one database) or the data
 * directory: creating and advancing a logical slot, reading a primary's logical slots with their state files, and
 * installing such files into a stopped replica's {@code pg_replslot}, as Patroni's {@code copy_logical_slots}.
 */
public final class SlotOperations {
    private SlotOperations() {
    }

    /** A logical slot of a primary with the bytes of its {@code pg_replslot/<name>/state} file. */
    public record LogicalSlotState(String name, String type, String database, String plugin, long confirmedFlushLsn,
                                   byte[] state) {
    }

    /** Creates a logical slot unless a logical slot of that name exists; {@code target} names the slot's database. */
    public static void createLogicalSlot(ConnectionTarget target, String name, String plugin) {
        run(target, Duration.ofSeconds(30), "create logical slot " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_create_logical_replication_slot(?, ?)"
                    + " WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_replication_slots"
                    + " WHERE slot_type = 'logical' AND slot_name = ?)")) {
                ps.setString(1, name);
                ps.setString(2, plugin);
                ps.setString(3, name);
                ps.executeQuery().close();
            }
            return null;
        });
    }

    /**
     * {@code pg_replication_slot_advance(name, lsn)} over a connection to {@code target} (the slot's database for a
     * logical slot), with a long statement timeout: decoding up to the position may take a while.
     */
    public static void advance(ConnectionTarget target, String name, long lsn) {
        run(target, Duration.ofMinutes(5), "advance slot " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_catalog.pg_replication_slot_advance(?, ?::pg_lsn)")) {
                ps.setString(1, name);
                ps.setString(2, Lsn.format(lsn));
                ps.executeQuery().close();
            }
            return null;
        });
    }

    /** The primary's logical slots named {@code names}, with their state files; empty on a server in recovery. */
    public static List<LogicalSlotState> readLogicalSlots(ConnectionTarget primary, Collection<String> names) {
        return run(primary, Duration.ofSeconds(10), "read logical slots", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT slot_name, slot_type, datname, plugin,"
                    + " pg_catalog.pg_wal_lsn_diff(confirmed_flush_lsn, '0/0')::bigint,"
                    + " pg_catalog.pg_read_binary_file('pg_replslot/' || slot_name || '/state')"
                    + " FROM pg_catalog.pg_get_replication_slots() JOIN pg_catalog.pg_database ON datoid = oid"
                    + " WHERE NOT pg_catalog.pg_is_in_recovery() AND slot_name = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", names.toArray()));
                List<LogicalSlotState> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LogicalSlotState(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getLong(5), rs.getBytes(6)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Writes each slot's state file into {@code dataDir/pg_replslot/<name>} of a stopped server: into
     * {@code <name>.tmp} first, fsynced, then renamed over any older directory of that name, the directory fsynced.
     */
    public static void install(Path dataDir, Map<String, byte[]> states) throws IOException {
        Path replslot = dataDir.resolve("pg_replslot");
        for (Map.Entry<String, byte[]> e : states.entrySet()) {
            Path dir = replslot.resolve(e.getKey());
            Path tmp = replslot.resolve(e.getKey() + ".tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Path state = tmp.resolve("state");
            try (FileChannel ch = FileChannel.open(state, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(e.getValue()));
                ch.force(true);
            }
            fsync(tmp);
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            fsync(dir);
        }
        fsync(replslot);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static <T> T run(ConnectionTarget target, Duration statementTimeout, String what,
                             JdbcConnection.Work<T> work) {
        try (JdbcConnection c = new JdbcConnection(target, statementTimeout, false)) {
            return c.run(what, work);
        }
    }

    /** For callers that want the SQL state of a failure (58P01: the WAL the slot needs is gone). */
    public static String sqlState(RuntimeException e) {
        return e.getCause() instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
    }
}
