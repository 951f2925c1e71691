package io.jpatroni.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code log} section. {@code format} is a string, or a list in Patroni 4's json logging; {@code static_fields}
 * (Patroni 4) are added to every json line, in their order.
 */
public record LogConfig(
        String level,
        String type,
        Optional<Object> format,
        Optional<String> dateformat,
        Optional<String> dir,
        int fileNum,
        long fileSize,
        Map<String, String> loggers,
        String tracebackLevel,
        int maxQueueSize,
        Map<String, Object> staticFields) {

    static final Set<String> LEVELS = Set.of("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL");

    public LogConfig {
        loggers = Map.copyOf(loggers);
        staticFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(staticFields));
    }

    public static LogConfig defaults() {
        return new LogConfig("INFO", "plain", Optional.empty(), Optional.empty(), Optional.empty(), 4, 25_000_000L,
                Map.of(), "ERROR", 1000, Map.of());
    }

    static LogConfig read(Section s) {
        LogConfig d = defaults();
        LogConfig config = new LogConfig(
                level(s, "level", d.level()),
                s.oneOf("type", "plain", "json").orElse(d.type()),
                s.raw("format"),
                s.string("dateformat"),
                s.string("dir"),
                s.integerAtLeast("file_num", 1, d.fileNum()),
                s.longValue("file_size").orElse(d.fileSize()),
                loggers(s.section("loggers")),
                level(s, "traceback_level", d.tracebackLevel()),
                s.integerAtLeast("max_queue_size", 1, d.maxQueueSize()),
                s.map("static_fields"));
        s.markKnown("deduplicate_heartbeat_logs", "mode");
        s.reportUnknownKeys();
        return config;
    }

    private static String level(Section s, String key, String fallback) {
        return s.string(key).map(v -> {
            String upper = v.toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(upper)) {
                s.problems().error(s.pathOf(key), v, "is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
                return fallback;
            }
            return upper;
        }).orElse(fallback);
    }

    private static Map<String, String> loggers(Section s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : s.asMap().keySet()) {
            out.put(name, level(s, name, "INFO"));
        }
        return out;
    }
}
