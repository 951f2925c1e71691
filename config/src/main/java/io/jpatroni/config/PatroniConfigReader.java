package io.jpatroni.config;

import java.util.Map;
import java.util.Objects;

/** Turns a configuration tree into a {@link PatroniConfig}, reporting every problem it meets. */
final class PatroniConfigReader {
    private PatroniConfigReader() {
    }

    static PatroniConfig read(Map<String, Object> tree, Problems problems) {
        Section root = new Section("", tree, problems);
        String scope = root.string("scope", "");
        String namespace = normalizeNamespace(root.string("namespace", PatroniConfig.DEFAULT_NAMESPACE));
        Section pgSection = root.section("postgresql");
        String name = root.string("name")
                .orElseGet(() -> Objects.toString(pgSection.asMap().get("name"), ""));
        DcsSectionReader.Result dcs = DcsSectionReader.read(root);
        PatroniConfig config = new PatroniConfig(
                scope,
                namespace,
                name,
                root.has("log") ? LogConfig.read(root.section("log")) : LogConfig.defaults(),
                RestApiConfig.read(root.section("restapi")),
                root.has("ctl") ? CtlConfig.read(root.section("ctl")) : CtlConfig.defaults(),
                dcs.etcd(),
                dcs.zookeeper(),
                dcs.unsupported(),
                BootstrapConfig.read(root.section("bootstrap")),
                PostgresqlReader.read(pgSection),
                watchdog(root),
                Tags.read(root.section("tags")),
                tree);
        for (String key : DynamicConfigReader.TOP_LEVEL_KEYS) {
            if (tree.containsKey(key) && !"postgresql".equals(key)) {
                root.markKnown(key);
                problems.warnAt(key, "ignored: a dynamic setting belongs under bootstrap.dcs"
                        + " (or in the DCS via jpatronictl edit-config)");
            }
        }
        // refused (citus) or meaningless for jpatroni (thread_*): ConfigKeys says which, UnsupportedKeys reports
        root.markKnown("citus", "thread_pool_size", "thread_stack_size");
        root.reportUnknownKeys();
        return config;
    }

    private static WatchdogConfig watchdog(Section root) {
        Object raw = root.raw("watchdog").orElse(null);
        if (raw == null) {
            return WatchdogConfig.defaults();
        }
        if (Boolean.FALSE.equals(raw)) {
            root.problems().warn("watchdog", "off", "read as watchdog: {mode: off}");
            return WatchdogConfig.off();
        }
        return WatchdogConfig.read(root.section("watchdog"));
    }

    static String normalizeNamespace(String namespace) {
        String trimmed = namespace.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? "/" : "/" + trimmed + "/";
    }
}
