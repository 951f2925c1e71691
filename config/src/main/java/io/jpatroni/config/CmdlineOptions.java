package io.jpatroni.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * PostgreSQL parameters that Patroni passes on the postmaster command line. They are taken only
 * from the dynamic configuration, and a value that fails its check falls back to a safe default.
 */
final class CmdlineOptions {
    /** Set by jpatroni itself from listen and scope; never from any configuration. */
    private static final Set<String> DERIVED = Set.of("listen_addresses", "port", "cluster_name");

    private record Rule(Object fallback, Predicate<Object> valid) {
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("wal_level", new Rule("replica", v -> Set.of("hot_standby", "replica", "logical")
                    .contains(String.valueOf(v).toLowerCase(Locale.ROOT)))),
            Map.entry("hot_standby", new Rule("on", v -> Section.toBoolean(v).orElse(false))),
            Map.entry("wal_log_hints", new Rule("on", v -> Section.toBoolean(v).orElse(false))),
            Map.entry("max_connections", new Rule(100, min(25))),
            Map.entry("max_wal_senders", new Rule(10, min(3))),
            Map.entry("wal_keep_segments", new Rule(8, min(1))),
            Map.entry("wal_keep_size", new Rule("128MB", v -> megabytes(v).map(mb -> mb >= 16).orElse(false))),
            Map.entry("max_prepared_transactions", new Rule(0, min(0))),
            Map.entry("max_locks_per_transaction", new Rule(64, min(32))),
            Map.entry("track_commit_timestamp", new Rule("off", v -> Section.toBoolean(v).isPresent())),
            Map.entry("max_replication_slots", new Rule(10, min(4))),
            Map.entry("max_worker_processes", new Rule(8, min(2))));

    private CmdlineOptions() {
    }

    static boolean isCmdline(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return DERIVED.contains(lower) || RULES.containsKey(lower);
    }

    /** The value to use for a dynamic parameter; empty when the parameter must be dropped. */
    static Optional<Object> dynamicValue(String name, Object value, Problems problems, String path) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (DERIVED.contains(lower)) {
            problems.warn(path, value, "ignored: jpatroni sets " + lower + " from the local configuration");
            return Optional.empty();
        }
        Rule rule = RULES.get(lower);
        if (rule == null || rule.valid().test(value)) {
            return Optional.ofNullable(value);
        }
        problems.warn(path, value, "failed validation; using " + rule.fallback());
        return Optional.of(rule.fallback());
    }

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile(
            "\\s*(\\d+)\\s*(kB|MB|GB|TB)?\\s*");

    /** A size as Patroni's parse_int(value, 'MB') reads it: a bare number is MB. */
    static Optional<Long> megabytes(Object value) {
        java.util.regex.Matcher m = SIZE.matcher(String.valueOf(value));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "MB" : m.group(2);
        return Optional.of(switch (unit) {
            case "kB" -> Math.round(n / 1024.0);
            case "GB" -> n * 1024;
            case "TB" -> n * 1024 * 1024;
            default -> n;
        });
    }

    private static Predicate<Object> min(long minimum) {
        return v -> Section.toLong(v).map(n -> n >= minimum).orElse(false);
    }
}
