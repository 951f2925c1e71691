package io.jpatroni.postgres.param;

import io.jpatroni.postgres.controldata.ControlData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The settings a hot standby must have at least as high as the primary that wrote the WAL it replays, or recovery
 * aborts ("max_connections = 100 is a lower setting than on the primary server, where its value was 101"). The
 * primary's values are in the replica's pg_control. As Patroni does, a replica starts with the configured value
 * raised to pg_control's where it is lower, and reports a pending restart. track_commit_timestamp is not among
 * them: PostgreSQL does not require it to match (a standby tracks commit timestamps while the primary does). Pure.
 */
public final class RecoverySensitive {
    /** Parameter, pg_controldata line, first major version whose pg_control records it. */
    private record Setting(String parameter, String controlDataKey, MajorVersion since) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("max_connections", "max_connections setting", MajorVersion.V9_6),
            new Setting("max_worker_processes", "max_worker_processes setting", MajorVersion.V9_6),
            new Setting("max_wal_senders", "max_wal_senders setting", MajorVersion.V12),
            new Setting("max_prepared_transactions", "max_prepared_xacts setting", MajorVersion.V9_6),
            new Setting("max_locks_per_transaction", "max_locks_per_xact setting", MajorVersion.V9_6));

    private RecoverySensitive() {
    }

    /** One parameter a replica starts with above its configuration. */
    public record Raise(String parameter, String configured, String primary) {
        public String message() {
            return parameter + " raised from " + configured + " to " + primary + " for recovery: the primary ran with "
                    + primary + " (pg_controldata); a restart applies the configured value once it does too";
        }
    }

    /** The parameters of {@code conf} to raise to pg_control's values, in PostgreSQL's check order. */
    public static List<Raise> raises(Map<String, String> conf, ControlData controlData, MajorVersion version) {
        Map<String, Raise> out = new LinkedHashMap<>();
        for (Setting s : SETTINGS) {
            if (version.isBefore(s.since()) || !conf.containsKey(s.parameter())) {
                continue;
            }
            Optional<String> primary = controlData.get(s.controlDataKey());
            OptionalLong theirs = primary.map(RecoverySensitive::integer).orElse(OptionalLong.empty());
            OptionalLong ours = integer(conf.get(s.parameter()));
            if (theirs.isPresent() && ours.isPresent() && theirs.getAsLong() > ours.getAsLong()) {
                out.put(s.parameter(), new Raise(s.parameter(), conf.get(s.parameter()),
                        Long.toString(theirs.getAsLong())));
            }
        }
        return List.copyOf(out.values());
    }

    private static OptionalLong integer(String value) {
        var n = SettingNumber.inBaseUnit(value, "-");
        return n.isPresent() ? OptionalLong.of(Math.round(n.getAsDouble())) : OptionalLong.empty();
    }
}
