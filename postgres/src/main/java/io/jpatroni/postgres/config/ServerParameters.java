package io.jpatroni.postgres.config;

import io.jpatroni.postgres.PostgresSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server parameters Patroni manages: its defaults for the settings a replica must share with the primary,
 * overridden by the configured ones, plus listen_addresses/port/cluster_name. Pure.
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
        COMMAND_LINE_DEFAULTS = java.util.Collections.unmodifiableMap(m);
    }

    private ServerParameters() {
    }

    /** All parameters for postgresql.conf, sorted by name. hba_file/ident_file are rendered separately. */
    public static Map<String, String> effective(PostgresSettings s) {
        Map<String, String> p = new TreeMap<>();
        COMMAND_LINE_DEFAULTS.forEach((k, v) -> {
            if (!v.isEmpty()) {
                p.put(k, v);
            }
        });
        p.put("wal_keep_size", "128MB");
        p.putAll(s.parameters());
        if (normalizeWalLevel(p)) {
            p.put("wal_level", "replica");
        }
        p.put("listen_addresses", s.listenAddresses());
        p.put("port", Integer.toString(s.port()));
        p.put("cluster_name", s.scope());
        p.remove("hba_file");
        p.remove("ident_file");
        p.remove("config_file");
        p.remove("data_directory");
        return p;
    }

    private static boolean normalizeWalLevel(Map<String, String> p) {
        String level = p.get("wal_level");
        return "hot_standby".equals(level) || "archive".equals(level);
    }

    /** {@code --name=value} for the command-line subset of {@code effective}, in Patroni's order. */
    public static List<String> commandLine(Map<String, String> effective) {
        List<String> args = new ArrayList<>();
        for (String name : COMMAND_LINE_DEFAULTS.keySet()) {
            String value = effective.get(name);
            if (value != null) {
                args.add("--" + name + "=" + value);
            }
        }
        return args;
    }
}
