package io.jpatroni.daemon.mgmt;

import java.util.LinkedHashMap;
import java.util.Map;

/** Patroni's {@code patch_config}: a JSON merge patch where {@code null} deletes and maps merge recursively. */
final class ConfigPatch {
    private ConfigPatch() {
    }

    /** @return whether {@code config} changed */
    @SuppressWarnings("unchecked")
    static boolean apply(Map<String, Object> config, Map<String, Object> patch) {
        boolean changed = false;
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (value == null) {
                if (config.containsKey(key)) {
                    config.remove(key);
                    changed = true;
                }
            } else if (value instanceof Map<?, ?> sub && config.get(key) instanceof Map<?, ?> current) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) current);
                if (apply(copy, (Map<String, Object>) sub)) {
                    config.put(key, copy);
                    changed = true;
                }
            } else if (!value.equals(config.get(key))) {
                config.put(key, value instanceof Map<?, ?> m ? withoutNulls((Map<String, Object>) m) : value);
                changed = true;
            }
        }
        return changed;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v instanceof Map<?, ?> sub ? withoutNulls((Map<String, Object>) sub) : v);
            }
        });
        return out;
    }
}
