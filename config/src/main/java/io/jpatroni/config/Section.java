package io.jpatroni.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A typed, problem-reporting view of one YAML mapping. Every accessor marks its key as known, so
 * {@link #reportUnknownKeys()} can warn about the rest with their full path.
 */
final class Section {
    private static final Set<String> TRUE_WORDS = Set.of("true", "on", "yes", "1", "y");
    private static final Set<String> FALSE_WORDS = Set.of("false", "off", "no", "0", "n");

    private final String path;
    private final Map<String, Object> map;
    private final Problems problems;
    private final Set<String> known = new HashSet<>();

    Section(String path, Map<String, Object> map, Problems problems) {
        this.path = path;
        this.map = map;
        this.problems = problems;
    }

    /** A section over {@code value}; a non-mapping value is reported and read as empty. */
    @SuppressWarnings("unchecked")
    static Section of(String path, Object value, Problems problems) {
        if (value instanceof Map<?, ?> m) {
            return new Section(path, (Map<String, Object>) m, problems);
        }
        if (value != null) {
            problems.error(path, value, "is not a mapping");
        }
        return new Section(path, Map.of(), problems);
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return Problems.join(path, key);
    }

    Problems problems() {
        return problems;
    }

    Map<String, Object> asMap() {
        return Collections.unmodifiableMap(map);
    }

    boolean isEmpty() {
        return map.isEmpty();
    }

    void markKnown(String... keys) {
        known.addAll(Arrays.asList(keys));
    }

    boolean has(String key) {
        known.add(key);
        return map.get(key) != null;
    }

    Optional<Object> raw(String key) {
        known.add(key);
        return Optional.ofNullable(map.get(key));
    }

    Optional<String> string(String key) {
        return raw(key).flatMap(v -> {
            if (v instanceof Map || v instanceof List) {
                problems.error(pathOf(key), v, "is not a string");
                return Optional.empty();
            }
            return Optional.of(String.valueOf(v));
        });
    }

    String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    /** Like {@link #string} but a wrong value is never shown. */
    Optional<Secret> secret(String key) {
        return raw(key).flatMap(v -> {
            if (v instanceof Map || v instanceof List) {
                problems.errorAt(pathOf(key), "is not a string");
                return Optional.empty();
            }
            return Optional.of(Secret.of(String.valueOf(v)));
        });
    }

    Optional<Long> longValue(String key) {
        return raw(key).flatMap(v -> {
            Optional<Long> parsed = toLong(v);
            if (parsed.isEmpty()) {
                problems.error(pathOf(key), v, "is not an integer");
            }
            return parsed;
        });
    }

    Optional<Integer> integer(String key) {
        return longValue(key).flatMap(v -> {
            if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
                problems.error(pathOf(key), v, "is out of range");
                return Optional.empty();
            }
            return Optional.of(v.intValue());
        });
    }

    int integer(String key, int fallback) {
        return integer(key).orElse(fallback);
    }

    /** An integer no smaller than {@code min}; a smaller one is an error and gives the fallback. */
    int integerAtLeast(String key, int min, int fallback) {
        Optional<Integer> value = integer(key);
        if (value.isPresent() && value.get() < min) {
            problems.error(pathOf(key), value.get(), "must be at least " + min);
            return fallback;
        }
        return value.orElse(fallback);
    }

    Optional<Boolean> bool(String key) {
        return raw(key).flatMap(v -> {
            Optional<Boolean> parsed = toBoolean(v);
            if (parsed.isEmpty()) {
                problems.error(pathOf(key), v, "is not a boolean");
            }
            return parsed;
        });
    }

    boolean bool(String key, boolean fallback) {
        return bool(key).orElse(fallback);
    }

    /** A YAML list of scalars; a lone string is an error (use {@link #stringOrList} where it is not). */
    Optional<List<String>> stringList(String key) {
        return raw(key).flatMap(v -> {
            if (!(v instanceof List<?> list)) {
                problems.error(pathOf(key), v, "is not a list");
                return Optional.empty();
            }
            return Optional.of(scalars(pathOf(key), list));
        });
    }

    /** A YAML list, or a comma-separated string, of scalars. */
    Optional<List<String>> stringOrList(String key) {
        return raw(key).flatMap(v -> {
            if (v instanceof List<?> list) {
                return Optional.of(scalars(pathOf(key), list));
            }
            if (v instanceof Map) {
                problems.error(pathOf(key), v, "is not a list or a comma-separated string");
                return Optional.empty();
            }
            return Optional.of(splitCommas(String.valueOf(v)));
        });
    }

    /** A raw mapping, kept as written (key order included). */
    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        Object v = raw(key).orElse(null);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) m));
        }
        problems.error(pathOf(key), v, "is not a mapping");
        return Map.of();
    }

    Section section(String key) {
        return of(pathOf(key), raw(key).orElse(null), problems);
    }

    /** One of {@code allowed} (compared case-insensitively, returned lower-case). */
    Optional<String> oneOf(String key, String... allowed) {
        return string(key).flatMap(v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (Arrays.asList(allowed).contains(lower)) {
                return Optional.of(lower);
            }
            problems.error(pathOf(key), v, "is not one of " + String.join(", ", allowed));
            return Optional.empty();
        });
    }

    /** Warns about every key that no accessor asked for. */
    void reportUnknownKeys() {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                problems.warnAt(pathOf(key), "unknown key");
            }
        }
    }

    private List<String> scalars(String listPath, List<?> list) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                problems.error(listPath + "[" + i + "]", item, "is not a string");
            } else {
                out.add(String.valueOf(item));
            }
        }
        return List.copyOf(out);
    }

    static List<String> splitCommas(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            if (trimmed.length() >= 2 && (trimmed.startsWith("'") && trimmed.endsWith("'")
                    || trimmed.startsWith("\"") && trimmed.endsWith("\""))) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (!trimmed.isEmpty()) {
                out.add(trimmed);
            }
        }
        return List.copyOf(out);
    }

    static Optional<Long> toLong(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return Optional.of(((Number) v).longValue());
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Optional.of(d.longValue());
        }
        if (v instanceof String s) {
            try {
                return Optional.of(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Optional<Boolean> toBoolean(Object v) {
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        String word = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
            return Optional.of(true);
        }
        if (FALSE_WORDS.contains(word)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }
}
