package io.jpatroni.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the keys that {@link ConfigKeys} lists as refused or not acted on, set to a value that asks for
 * what jpatroni does not do. In a node's file they become errors (the node refuses to start) and
 * warnings; in the cluster's dynamic configuration the running daemon logs them.
 */
public final class UnsupportedKeys {

    /** The refused and the not-acted-on keys of a dynamic configuration, with paths as in the DCS. */
    public record Found(List<ConfigProblem> refused, List<ConfigProblem> notActedOn) {
        public Found {
            refused = List.copyOf(refused);
            notActedOn = List.copyOf(notActedOn);
        }
    }

    private record Hit(String path, Object value, boolean refused, String consequence) {
    }

    private UnsupportedKeys() {
    }

    /**
     * The check of a node's configuration tree (file and environment): refused keys are errors, keys not
     * acted on are warnings. A path another check already reported keeps only that report.
     */
    static void check(Map<String, ?> tree, Problems problems) {
        List<Hit> hits = new ArrayList<>(hits(tree, ConfigKey.Scope.LOCAL, ""));
        if (tree.get("bootstrap") instanceof Map<?, ?> bootstrap && bootstrap.get("dcs") instanceof Map<?, ?> dcs) {
            hits.addAll(hits(dcs, ConfigKey.Scope.DYNAMIC, "bootstrap.dcs"));
        }
        for (Hit hit : hits) {
            if (hit.refused() && !problems.hasErrorAt(hit.path())) {
                problems.error(problem(hit, "is not supported yet: " + hit.consequence() + "; that is less safe"
                        + " than asked, so jpatroni refuses to run with it (remove the key to run without it)"));
            } else if (!hit.refused() && !problems.hasProblemAt(hit.path())) {
                problems.warn(problem(hit, "is not supported yet; " + hit.consequence()));
            }
        }
    }

    /** The check of a dynamic configuration (the DCS {@code config} key), which cannot stop a running node. */
    public static Found inDynamic(Map<String, ?> config) {
        List<ConfigProblem> refused = new ArrayList<>();
        List<ConfigProblem> warned = new ArrayList<>();
        for (Hit hit : hits(config, ConfigKey.Scope.DYNAMIC, "")) {
            if (hit.refused()) {
                refused.add(problem(hit, "is not supported yet: " + hit.consequence() + "; that is less safe than"
                        + " the cluster's configuration asks"));
            } else {
                warned.add(problem(hit, "is not supported yet; " + hit.consequence()));
            }
        }
        return new Found(refused, warned);
    }

    /** The hits among the keys of {@code scope}, with paths under {@code base} ("" for the top). */
    private static List<Hit> hits(Map<?, ?> tree, ConfigKey.Scope scope, String base) {
        List<Hit> hits = new ArrayList<>();
        for (ConfigKey key : ConfigKeys.of(scope)) {
            if (!key.isUnsupported()) {
                continue;
            }
            List<Map.Entry<String, Object>> found = new ArrayList<>();
            lookup(tree, key.path().split("\\."), 0, base, found);
            for (Map.Entry<String, Object> e : found) {
                hit(key, e.getKey(), e.getValue()).ifPresent(hits::add);
            }
        }
        return hits;
    }

    private static Optional<Hit> hit(ConfigKey key, String path, Object value) {
        if (key.trigger().matches(value)) {
            return Optional.of(new Hit(path, value, key.status() == KeyStatus.REFUSED, key.consequence()));
        }
        return key.milder().filter(m -> m.trigger().matches(value))
                .map(m -> new Hit(path, value, false, m.consequence()));
    }

    /** Every value at {@code segments} below {@code node}; {@code *} matches any key, {@code <name>} none. */
    private static void lookup(Object node, String[] segments, int i, String at,
                               List<Map.Entry<String, Object>> out) {
        if (i == segments.length) {
            if (node != null) {
                out.add(Map.entry(at, node));
            }
            return;
        }
        if (!(node instanceof Map<?, ?> map) || segments[i].startsWith("<")) {
            return;
        }
        if ("*".equals(segments[i])) {
            map.forEach((k, v) -> lookup(v, segments, i + 1, Problems.join(at, String.valueOf(k)), out));
        } else {
            lookup(map.get(segments[i]), segments, i + 1, Problems.join(at, segments[i]), out);
        }
    }

    private static ConfigProblem problem(Hit hit, String message) {
        String key = hit.path().substring(hit.path().lastIndexOf('.') + 1);
        return Maps.isSecretKey(key) ? ConfigProblem.at(hit.path(), message.replaceFirst("^is ", ""))
                : ConfigProblem.of(hit.path(), hit.value(), message);
    }
}
