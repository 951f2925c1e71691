package io.jpatroni.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values a node actually uses, merged as Patroni's config.py does: Patroni's defaults, then the
 * dynamic configuration, then the local file (environment overrides already applied to it).
 *
 * <p>PostgreSQL parameters merge key by key (case-insensitively). Command-line parameters
 * (max_connections, wal_level, ...) come only from the dynamic configuration, checked against
 * Patroni's minimums; listen_addresses, port and cluster_name never come from there.
 * {@code use_slots} is cluster-wide and comes only from the dynamic configuration.
 */
public record EffectiveConfig(
        DynamicConfig dynamic,
        Map<String, Object> parameters,
        Optional<List<String>> pgHba,
        Optional<List<String>> pgIdent,
        boolean usePgRewind,
        boolean useSlots,
        Map<String, Object> recoveryConf,
        List<ConfigProblem> warnings) {

    private static final Map<String, Object> DEFAULT_PARAMETERS = defaultParameters();

    public EffectiveConfig {
        parameters = Maps.frozen(parameters);
        recoveryConf = Maps.frozen(recoveryConf);
        warnings = List.copyOf(warnings);
    }

    public static EffectiveConfig merge(DynamicConfig dynamic, PatroniConfig local) {
        Problems problems = new Problems();
        Map<String, Object> parameters = new LinkedHashMap<>(DEFAULT_PARAMETERS);
        dynamic.postgresql().parameters().forEach((name, value) ->
                CmdlineOptions.dynamicValue(name, value, problems, "postgresql.parameters." + name)
                        .ifPresent(v -> putIgnoringCase(parameters, name, v)));
        local.postgresql().parameters().forEach((name, value) -> {
            if (!CmdlineOptions.isCmdline(name)) {
                putIgnoringCase(parameters, name, value);
            }
        });
        PostgresqlConfig pg = local.postgresql();
        DynamicPostgresql dpg = dynamic.postgresql();
        Map<String, Object> recovery = pg.recoveryConf().isEmpty() ? dpg.recoveryConf() : pg.recoveryConf();
        return new EffectiveConfig(dynamic, parameters,
                pg.pgHba().or(dpg::pgHba),
                pg.pgIdent().or(dpg::pgIdent),
                pg.usePgRewind().or(dpg::usePgRewind).orElse(false),
                dpg.useSlots(),
                recovery,
                problems.warnings());
    }

    private static void putIgnoringCase(Map<String, Object> parameters, String name, Object value) {
        parameters.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        parameters.put(name, value);
    }

    private static Map<String, Object> defaultParameters() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("wal_level", "replica");
        defaults.put("hot_standby", "on");
        defaults.put("max_connections", 100);
        defaults.put("max_wal_senders", 10);
        defaults.put("max_prepared_transactions", 0);
        defaults.put("max_locks_per_transaction", 64);
        defaults.put("track_commit_timestamp", "off");
        defaults.put("max_replication_slots", 10);
        defaults.put("max_worker_processes", 8);
        defaults.put("wal_log_hints", "on");
        return defaults;
    }

    @Override
    public String toString() {
        return SafeToString.of(this);
    }
}
