package io.jpatroni.postgres.config;

import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.param.Adjustment;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import io.jpatroni.postgres.param.ParameterRule;
import io.jpatroni.postgres.param.SettingNumber;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The server parameters Patroni manages, for one major version (Patroni's {@code get_server_parameters} followed by
 * its validator): its defaults for the settings a replica must share with the primary, overridden by the configured
 * ones; listen_addresses, port and cluster_name from the local settings; wal_level and wal_keep_segments /
 * wal_keep_size converted for the version; recovery settings set aside for replicas; then every parameter checked
 * against what that version accepts (dropped, or clamped into its range, when PostgreSQL would refuse it). Pure.
 */
public final class ServerParameters {
    /** Passed on the postmaster command line (so ALTER SYSTEM cannot break replication), with Patroni's defaults. */
    public static final Map<String, String> COMMAND_LINE_DEFAULTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("listen_addresses", "");
        m.put("port", "");
        m.put("cluster_name", "");
        m.put("wal_level", "replica");
        m.put("hot_standby", "on");
        m.put("max_connections", "100");
        m.put("max_wal_senders", "10");
        m.put("max_prepared_transactions", "0");
        m.put("max_locks_per_transaction", "64");
        m.put("track_commit_timestamp", "off");
        m.put("max_replication_slots", "10");
        m.put("max_worker_processes", "8");
        m.put("wal_log_hints", "on");
        COMMAND_LINE_DEFAULTS = Collections.unmodifiableMap(m);
    }

    /** Patroni's defaults when neither is configured: 8 segments of 16 MB. */
    static final String DEFAULT_WAL_KEEP_SEGMENTS = "8";
    static final String DEFAULT_WAL_KEEP_SIZE = "128MB";
    private static final long SEGMENT_MB = 16;

    private ServerParameters() {
    }

    public static ResolvedParameters resolve(PostgresSettings s, ParameterCheck check) {
        MajorVersion v = check.version();
        List<Adjustment> adjustments = new ArrayList<>();
        Map<String, String> p = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        COMMAND_LINE_DEFAULTS.forEach((k, value) -> {
            if (!value.isEmpty()) {
                p.put(k, value);
            }
        });
        s.parameters().forEach((k, value) -> put(p, canonical(k, check), value));
        for (String managed : List.of("data_directory", "config_file")) {
            String value = p.remove(managed);
            if (value != null) {
                adjustments.add(Adjustment.dropped(managed, value, "jpatroni starts PostgreSQL with -D "
                        + s.dataDir() + " and config_file " + s.configDir().resolve("postgresql.conf")));
            }
        }
        put(p, "listen_addresses", s.listenAddresses());
        put(p, "port", Integer.toString(s.port()));
        put(p, "cluster_name", s.scope());
        walLevel(p, adjustments);
        walKeep(p, v, adjustments);
        Map<String, String> recovery = recovery(p, s, check, adjustments);
        for (String file : List.of("hba_file", "ident_file")) {
            String value = p.get(file);
            if (value != null) {
                p.put(file, s.configDir().resolve(value).toString());
            }
        }
        Map<String, String> conf = new TreeMap<>();
        p.forEach((name, value) -> {
            ParameterRule.Verdict verdict = check.check(name, value);
            if (verdict.isDrop()) {
                adjustments.add(Adjustment.dropped(name, value, verdict.reason().orElseThrow()));
                return;
            }
            String written = verdict.value().orElseThrow();
            verdict.reason().ifPresent(r -> adjustments.add(Adjustment.clamped(name, value,
                    name + " = '" + written + "'", r)));
            conf.put(name, written);
        });
        return new ResolvedParameters(conf, recovery, adjustments);
    }

    /** {@code --name=value} for the command-line subset of {@code conf}, in Patroni's order. */
    public static List<String> commandLine(Map<String, String> conf) {
        List<String> args = new ArrayList<>();
        for (String name : COMMAND_LINE_DEFAULTS.keySet()) {
            String value = conf.get(name);
            if (value != null) {
                args.add("--" + name + "=" + value);
            }
        }
        return args;
    }

    private static void put(Map<String, String> p, String name, String value) {
        p.remove(name); // keep the spelling given last
        p.put(name, value);
    }

    /** PostgreSQL's spelling of a parameter it knows (names are case-insensitive): MAX_CONNECTIONS, datestyle. */
    private static String canonical(String name, ParameterCheck check) {
        var history = check.table().history(name);
        return history.isEmpty() ? name : history.get(0).name();
    }

    /** hot_standby and archive are the old spellings of replica (9.6 merged them). */
    private static void walLevel(Map<String, String> p, List<Adjustment> adjustments) {
        String level = p.get("wal_level");
        if (level != null && List.of("hot_standby", "archive").contains(level.strip().toLowerCase(Locale.ROOT))) {
            p.put("wal_level", "replica");
            adjustments.add(Adjustment.converted("wal_level", level, "wal_level = 'replica'",
                    "PostgreSQL 9.6 merged archive and hot_standby into replica"));
        }
    }

    /**
     * PostgreSQL 13 replaced wal_keep_segments by wal_keep_size: either is converted to the one the version knows,
     * assuming 16 MB segments as Patroni does; the version's own parameter wins when both are set.
     */
    private static void walKeep(Map<String, String> p, MajorVersion v, List<Adjustment> adjustments) {
        if (v.isAtLeast(MajorVersion.V13)) {
            String segments = p.remove("wal_keep_segments");
            if (p.containsKey("wal_keep_size")) {
                if (segments != null) {
                    adjustments.add(Adjustment.dropped("wal_keep_segments", segments, "PostgreSQL " + v
                            + " has no such parameter (removed in 13) and wal_keep_size is set"));
                }
                return;
            }
            OptionalLong n = wholeNumber(segments == null ? DEFAULT_WAL_KEEP_SEGMENTS : segments, "-");
            if (n.isEmpty()) {
                adjustments.add(Adjustment.dropped("wal_keep_segments", segments, "not a number of WAL segments"));
                n = OptionalLong.of(Long.parseLong(DEFAULT_WAL_KEEP_SEGMENTS));
            }
            String size = n.getAsLong() * SEGMENT_MB + "MB";
            p.put("wal_keep_size", size);
            if (segments != null) {
                adjustments.add(Adjustment.converted("wal_keep_segments", segments, "wal_keep_size = '" + size + "'",
                        "PostgreSQL 13 replaced it with wal_keep_size (" + SEGMENT_MB + " MB segments)"));
            }
        } else {
            String size = p.remove("wal_keep_size");
            if (p.containsKey("wal_keep_segments")) {
                if (size != null) {
                    adjustments.add(Adjustment.dropped("wal_keep_size", size, "PostgreSQL " + v
                            + " has no such parameter (added in 13) and wal_keep_segments is set"));
                }
                return;
            }
            OptionalLong mb = wholeNumber(size == null ? DEFAULT_WAL_KEEP_SIZE : size, "MB");
            if (mb.isEmpty()) {
                adjustments.add(Adjustment.dropped("wal_keep_size", size, "not a size in MB"));
                mb = wholeNumber(DEFAULT_WAL_KEEP_SIZE, "MB");
            }
            String segments = Long.toString((mb.getAsLong() + SEGMENT_MB / 2) / SEGMENT_MB);
            p.put("wal_keep_segments", segments);
            if (size != null) {
                adjustments.add(Adjustment.converted("wal_keep_size", size, "wal_keep_segments = '" + segments + "'",
                        "PostgreSQL " + v + " knows only wal_keep_segments (" + SEGMENT_MB + " MB segments)"));
            }
        }
    }

    private static OptionalLong wholeNumber(String value, String baseUnit) {
        var n = SettingNumber.inBaseUnit(value, baseUnit);
        return n.isPresent() ? OptionalLong.of(Math.round(n.getAsDouble())) : OptionalLong.empty();
    }

    /**
     * Recovery settings among the parameters (restore_command...) go to the replica's recovery section and then
     * replace recovery_conf, as in Patroni; trigger_file / promote_trigger_file take this version's name.
     */
    private static Map<String, String> recovery(Map<String, String> p, PostgresSettings s, ParameterCheck check,
                                                List<Adjustment> adjustments) {
        Map<String, String> fromParameters = new TreeMap<>();
        for (String name : List.copyOf(p.keySet())) {
            if (check.isRecoveryParameter(name)) {
                fromParameters.put(name, p.remove(name));
            }
        }
        Map<String, String> recovery = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        recovery.putAll(fromParameters.isEmpty() ? s.recoveryParams() : fromParameters);
        boolean v12 = check.version().isAtLeast(MajorVersion.V12);
        String good = v12 ? "promote_trigger_file" : "trigger_file";
        String wrong = v12 ? "trigger_file" : "promote_trigger_file";
        String value = recovery.remove(wrong);
        if (value != null && !recovery.containsKey(good)) {
            recovery.put(good, value);
            adjustments.add(Adjustment.converted(wrong, value, good + " = '" + value + "'",
                    "PostgreSQL " + check.version() + " calls it " + good));
        }
        return recovery;
    }
}
