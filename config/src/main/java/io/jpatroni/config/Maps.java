package io.jpatroni.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Order-keeping deep copies and merges of YAML/JSON trees (which may hold null values). */
final class Maps {
    private Maps() {
    }

    /** A deep, unmodifiable copy that keeps key order and null values. */
    static Map<String, Object> frozen(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, frozenValue(v)));
        return Collections.unmodifiableMap(out);
    }

    /** A deep, modifiable copy that keeps key order and null values. */
    static Map<String, Object> mutable(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, mutableValue(v)));
        return out;
    }

    /**
     * Merges {@code overlay} into a copy of {@code base}: mappings merge key by key, anything else
     * replaces; with {@code nullDeletes} a null in the overlay removes the key (Patroni's patch_config).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, ?> base, Map<String, ?> overlay, boolean nullDeletes) {
        Map<String, Object> out = mutable(base);
        overlay.forEach((k, v) -> {
            Object current = out.get(k);
            if (v == null && nullDeletes) {
                out.remove(k);
            } else if (v instanceof Map<?, ?> m && current instanceof Map<?, ?> c) {
                out.put(k, merge((Map<String, ?>) c, (Map<String, ?>) m, nullDeletes));
            } else {
                out.put(k, mutableValue(v));
            }
        });
        return out;
    }

    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i)(.*(password|passwd|secret|token|conninfo).*|auth)");

    /** True for a key whose value is never shown (password, secret, token, conninfo, auth...). */
    static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    /** A copy for display: values under password-like keys (and Secrets) become {@code ******}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> masked(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, SECRET_KEY.matcher(k).matches() && v != null ? "******" : maskedValue(v)));
        return out;
    }

    /** {@link #masked} for any YAML value (maps inside lists included). */
    @SuppressWarnings("unchecked")
    static Object maskedValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return masked((Map<String, ?>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(item -> out.add(maskedValue(item)));
            return out;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Object frozenValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return frozen((Map<String, ?>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(item -> out.add(frozenValue(item)));
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Object mutableValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return mutable((Map<String, ?>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(item -> out.add(mutableValue(item)));
            return out;
        }
        return v;
    }
}
