package io.jpatroni.config;

import java.util.List;

/** Renders {@link ConfigKeys} as the Markdown of {@code docs/config-keys.md}: counts, what is still to do, every key. */
public final class ConfigKeysDoc {
    private ConfigKeysDoc() {
    }

    public static String markdown() {
        List<ConfigKey> all = ConfigKeys.all();
        StringBuilder md = new StringBuilder();
        md.append("# Patroni configuration keys in jpatroni\n\n")
                .append("Generated from `config/src/main/java/io/jpatroni/config/ConfigKeys.java` by `ConfigKeysDocTest`\n")
                .append("(`mvn -pl config test` rewrites this file when it is stale, and fails once): do not edit it.\n\n")
                .append("A key that jpatroni reads but does not act on yet is named as a warning at startup and by\n")
                .append("`jpatroni --validate-config`. A refused key makes the node refuse to start, because running\n")
                .append("without it would leave the cluster less safe than asked; when it arrives later in the DCS\n")
                .append("`config` key (`edit-config`), the running node logs an ERROR naming it. Dynamic keys are\n")
                .append("checked under `bootstrap.dcs` and in the DCS. \"When\" is the value that triggers the check.\n\n")
                .append("| status | keys |\n|---|---:|\n");
        for (KeyStatus status : KeyStatus.values()) {
            md.append("| ").append(status.label()).append(" | ").append(count(all, status)).append(" |\n");
        }
        md.append("| total | ").append(all.size()).append(" |\n\n");
        unsupported(md, all, KeyStatus.REFUSED);
        unsupported(md, all, KeyStatus.NOT_ACTED_ON);
        md.append("## Every key\n\n| key | where | status | when | note |\n|---|---|---|---|---|\n");
        for (ConfigKey key : all) {
            boolean checked = key.isUnsupported();
            md.append("| `").append(key.path()).append("` | ").append(where(key)).append(" | ")
                    .append(key.status().label()).append(" | ")
                    .append(checked ? key.trigger().describe() + key.milder().map(m -> "; warning when "
                            + m.trigger().describe()).orElse("") : "")
                    .append(" | ").append(key.consequence())
                    .append(key.milder().map(m -> "; otherwise " + m.consequence()).orElse("")).append(" |\n");
        }
        return md.toString();
    }

    private static void unsupported(StringBuilder md, List<ConfigKey> all, KeyStatus status) {
        String title = status.label().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + status.label().substring(1);
        md.append("## ").append(title).append(" (").append(count(all, status)).append(")\n\n");
        for (ConfigKey key : all) {
            if (key.status() == status) {
                md.append("- `").append(key.filePath()).append("` when ").append(key.trigger().describe())
                        .append(": ").append(key.consequence())
                        .append(key.milder().map(m -> " (otherwise a warning when " + m.trigger().describe() + ": "
                                + m.consequence() + ")").orElse("")).append('\n');
            }
        }
        md.append('\n');
    }

    private static String where(ConfigKey key) {
        return key.scope() == ConfigKey.Scope.DYNAMIC ? "dynamic (`bootstrap.dcs`, DCS `config`)" : "file";
    }

    private static long count(List<ConfigKey> all, KeyStatus status) {
        return all.stream().filter(k -> k.status() == status).count();
    }
}
