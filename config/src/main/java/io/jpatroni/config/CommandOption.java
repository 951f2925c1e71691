package io.jpatroni.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One option of initdb or pg_basebackup: {@code data-checksums} or {@code encoding: UTF8}. */
public record CommandOption(String name, Optional<String> value) {

    /** {@code --name=value}, or {@code --name} for a flag. */
    public String toArgument() {
        return "--" + name + value.map(v -> "=" + v).orElse("");
    }

    /** Reads the list form ({@code - data-checksums}, {@code - encoding: UTF8}) or the mapping form. */
    static List<CommandOption> readList(Section parent, String key) {
        Object raw = parent.raw(key).orElse(null);
        String path = parent.pathOf(key);
        List<CommandOption> out = new ArrayList<>();
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> addEntry(out, String.valueOf(k), v));
        } else if (raw instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                if (item instanceof Map<?, ?> m && m.size() == 1) {
                    m.forEach((k, v) -> addEntry(out, String.valueOf(k), v));
                } else if (item instanceof String s) {
                    out.add(new CommandOption(s, Optional.empty()));
                } else {
                    parent.problems().error(path + "[" + i + "]", item,
                            "is not an option (write '- name' or '- name: value')");
                }
            }
        } else {
            parent.problems().error(path, raw, "is not a list of options");
        }
        return List.copyOf(out);
    }

    private static void addEntry(List<CommandOption> out, String name, Object value) {
        if (value == null || Boolean.TRUE.equals(value)) {
            out.add(new CommandOption(name, Optional.empty()));
        } else if (!Boolean.FALSE.equals(value)) {
            out.add(new CommandOption(name, Optional.of(String.valueOf(value))));
        }
    }
}
