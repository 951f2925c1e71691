package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.render.PyYaml;
import io.jpatroni.pycompat.PyStr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure part of {@code edit-config}: {@code -s key.path=value} and {@code -p name=value} pairs (values parsed as
 * YAML, an empty value deletes, names under {@code postgresql.parameters} keep their dots) and the recursive merge of
 * {@code --apply} files (a null deletes), on deep copies.
 */
final class ConfigEdits {
    private ConfigEdits() {
    }

    /** {@code --set} pairs then {@code --pg} pairs applied to a copy of {@code data}. */
    static Map<String, Object> applyPairs(Map<String, Object> data, List<String> set, List<String> pg) {
        Map<String, Object> changed = copy(data);
        List<String> all = new ArrayList<>(set);
        pg.forEach(p -> all.add("postgresql.parameters." + p.stripLeading()));
        for (String pair : all) {
            int eq = pair == null ? -1 : pair.indexOf('=');
            if (eq < 0) {
                throw new CtlException("Invalid parameter setting " + pair);
            }
            Object value = parseValue(pair.substring(eq + 1));
            setPath(changed, Arrays.asList(pair.substring(0, eq).strip().split("\\.", -1)), value, List.of());
        }
        return changed;
    }

    private static Object parseValue(String text) {
        try {
            return PyYaml.load(text);
        } catch (IllegalArgumentException e) {
            throw new CtlException("Invalid value " + text + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static void setPath(Map<String, Object> config, List<String> path, Object value, List<String> prefix) {
        List<String> p = prefix.equals(List.of("postgresql", "parameters")) ? List.of(String.join(".", path)) : path;
        String key = p.get(0);
        if (p.size() == 1) {
            if (value == null) {
                config.remove(key);
            } else {
                config.put(key, value);
            }
            return;
        }
        if (!(config.get(key) instanceof Map)) {
            config.put(key, new LinkedHashMap<String, Object>());
        }
        Map<String, Object> child = (Map<String, Object>) config.get(key);
        List<String> next = new ArrayList<>(prefix);
        next.add(key);
        setPath(child, p.subList(1, p.size()), value, next);
        if (child.isEmpty()) {
            config.remove(key);
        }
    }

    /** Patroni's {@code patch_config} on a copy: maps merge recursively, null removes, other values replace. */
    static Map<String, Object> patch(Map<String, Object> data, Object patch) {
        Map<String, Object> changed = copy(data);
        if (patch instanceof Map<?, ?> m) {
            patchInto(changed, m);
        } else if (patch != null) {
            throw new CtlException("The configuration to apply is not a YAML mapping");
        }
        return changed;
    }

    @SuppressWarnings("unchecked")
    private static void patchInto(Map<String, Object> config, Map<?, ?> data) {
        for (Map.Entry<?, ?> e : data.entrySet()) {
            String name = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (value == null) {
                config.remove(name);
            } else if (config.containsKey(name)) {
                if (value instanceof Map<?, ?> vm && config.get(name) instanceof Map<?, ?> cm) {
                    patchInto((Map<String, Object>) cm, vm);
                } else if (value instanceof Map<?, ?> || !PyStr.of(config.get(name)).equals(PyStr.of(value))) {
                    config.put(name, value);
                }
            } else {
                config.put(name, value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<String, Object> data) {
        return (Map<String, Object>) PyYaml.normalize(data);
    }
}
