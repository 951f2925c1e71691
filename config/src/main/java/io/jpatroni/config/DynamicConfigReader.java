package io.jpatroni.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link DynamicConfig} and applies Patroni's minimums and its loop_wait/retry_timeout/ttl rule. */
final class DynamicConfigReader {
    static final List<String> TOP_LEVEL_KEYS = List.of("ttl", "loop_wait", "retry_timeout",
            "maximum_lag_on_failover", "maximum_lag_on_syncnode", "max_timelines_history",
            "primary_start_timeout", "master_start_timeout", "primary_stop_timeout", "master_stop_timeout",
            "synchronous_mode", "synchronous_mode_strict", "synchronous_node_count", "failsafe_mode",
            "check_timeline", "member_slots_ttl", "pause", "slots", "ignore_slots", "standby_cluster",
            "postgresql");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|min|h|d)?\\s*");

    private DynamicConfigReader() {
    }

    static DynamicConfig read(Map<String, Object> map, String basePath, Problems problems) {
        Section s = new Section(basePath, map, problems);
        int[] timeouts = timeouts(s);
        DynamicConfig config = new DynamicConfig(
                timeouts[0], timeouts[1], timeouts[2],
                s.longValue("maximum_lag_on_failover").orElse(1_048_576L),
                s.longValue("maximum_lag_on_syncnode").orElse(-1L),
                s.integerAtLeast("max_timelines_history", 0, 0),
                startTimeout(s),
                aliased(s, "primary_stop_timeout", "master_stop_timeout", 0),
                synchronousMode(s),
                s.bool("synchronous_mode_strict", false),
                s.integerAtLeast("synchronous_node_count", 1, 1),
                s.bool("failsafe_mode", false),
                s.bool("check_timeline", false),
                memberSlotsTtl(s),
                s.bool("pause", false),
                s.map("slots"),
                ignoreSlots(s),
                s.has("standby_cluster") ? Optional.of(standbyCluster(s.section("standby_cluster")))
                        : Optional.empty(),
                DynamicPostgresql.read(s.section("postgresql")),
                map);
        s.markKnown("primary_race_backoff", "citus");
        s.reportUnknownKeys();
        return config;
    }

    private static final int MIN_LOOP_WAIT = 1;
    private static final int MIN_RETRY_TIMEOUT = 3;

    /** ttl, loop_wait, retry_timeout after Patroni's adjustments, each adjustment a warning. */
    private static int[] timeouts(Section s) {
        int loopWait = atLeast(s, "loop_wait", 10, MIN_LOOP_WAIT);
        int retryTimeout = atLeast(s, "retry_timeout", 10, MIN_RETRY_TIMEOUT);
        // Patroni 4 also clamps ttl to >= 20; 3.x does not, and 3.x clusters run with ttl 10: keep only
        // the bound the safety rule needs (loop_wait 1 + 2 * retry_timeout 3).
        int ttl = atLeast(s, "ttl", 30, MIN_LOOP_WAIT + 2 * MIN_RETRY_TIMEOUT);
        if (1 + 2 * retryTimeout > ttl) {
            int newRetry = (ttl - 1) / 2;
            s.problems().warn(s.pathOf("retry_timeout"), retryTimeout, "breaks loop_wait + 2*retry_timeout <= ttl"
                    + " (ttl=" + ttl + "); using loop_wait 1 and retry_timeout " + newRetry);
            return new int[] {ttl, 1, newRetry};
        }
        if (loopWait + 2 * retryTimeout > ttl) {
            int newLoopWait = ttl - 2 * retryTimeout;
            s.problems().warn(s.pathOf("loop_wait"), loopWait, "breaks loop_wait + 2*retry_timeout <= ttl"
                    + " (ttl=" + ttl + ", retry_timeout=" + retryTimeout + "); using loop_wait " + newLoopWait);
            return new int[] {ttl, newLoopWait, retryTimeout};
        }
        return new int[] {ttl, loopWait, retryTimeout};
    }

    private static int atLeast(Section s, String key, int fallback, int min) {
        int value = s.integer(key, fallback);
        if (value < min) {
            s.problems().warn(s.pathOf(key), value, "is below the minimum " + min + "; using " + min);
            return min;
        }
        return value;
    }

    private static int startTimeout(Section s) {
        return aliased(s, "primary_start_timeout", "master_start_timeout", 300);
    }

    private static int aliased(Section s, String key, String legacy, int fallback) {
        Optional<Integer> current = s.integer(key);
        Optional<Integer> old = s.integer(legacy);
        if (current.isPresent() && old.isPresent()) {
            s.problems().warnAt(s.pathOf(legacy), "ignored: " + key + " is also set");
        }
        return current.or(() -> old).orElse(fallback);
    }

    private static SynchronousMode synchronousMode(Section s) {
        return s.raw("synchronous_mode").map(v -> SynchronousMode.parse(v).orElseGet(() -> {
            s.problems().error(s.pathOf("synchronous_mode"), v, "is not one of on, off, quorum");
            return SynchronousMode.OFF;
        })).orElse(SynchronousMode.OFF);
    }

    private static int memberSlotsTtl(Section s) {
        return s.raw("member_slots_ttl").map(v -> durationSeconds(v).orElseGet(() -> {
            s.problems().error(s.pathOf("member_slots_ttl"), v, "is not a duration (seconds, or like 30min)");
            return 0;
        })).orElse(0); // jpatroni's default: Patroni 3.0.2's behaviour (Patroni 4's is 30min)
    }

    static Optional<Integer> durationSeconds(Object value) {
        Optional<Long> plain = Section.toLong(value);
        if (plain.isPresent()) {
            return Optional.of(plain.get().intValue());
        }
        Matcher m = DURATION.matcher(String.valueOf(value).toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long seconds = switch (unit) {
            case "ms" -> n / 1000;
            case "min" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n;
        };
        return Optional.of((int) seconds);
    }

    private static List<Object> ignoreSlots(Section s) {
        return s.raw("ignore_slots").map(v -> {
            if (v instanceof List<?> list) {
                return List.<Object>copyOf(list.stream().map(o -> o == null ? (Object) "" : o).toList());
            }
            s.problems().error(s.pathOf("ignore_slots"), v, "is not a list");
            return List.<Object>of();
        }).orElse(List.of());
    }

    private static Map<String, Object> standbyCluster(Section s) {
        s.markKnown("host", "port", "primary_slot_name", "create_replica_methods", "restore_command",
                "archive_cleanup_command", "recovery_min_apply_delay", "leader_tags");
        s.string("host");
        s.integer("port");
        s.stringList("create_replica_methods");
        s.reportUnknownKeys();
        return s.asMap();
    }
}
