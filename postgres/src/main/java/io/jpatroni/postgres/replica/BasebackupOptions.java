package io.jpatroni.postgres.replica;

import io.jpatroni.postgres.PostgresException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * User options for pg_basebackup ({@code postgresql.basebackup}): key/values such as {@code max-rate: 100M},
 * {@code checkpoint: fast}, {@code waldir: /wal}, and flags such as {@code verbose}. Options that would change
 * what Patroni relies on are refused, as Patroni refuses them.
 */
public record BasebackupOptions(Map<String, String> options, List<String> flags) {
    public static final Set<String> NOT_ALLOWED = Set.of("pgdata", "format", "wal-method", "xlog-method", "gzip",
            "version", "compress", "dbname", "host", "port", "username", "password");

    public BasebackupOptions {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        flags = List.copyOf(flags);
        List<String> bad = new ArrayList<>();
        options.keySet().stream().filter(NOT_ALLOWED::contains).forEach(bad::add);
        flags.stream().filter(NOT_ALLOWED::contains).forEach(bad::add);
        if (!bad.isEmpty()) {
            throw new PostgresException("pg_basebackup options not allowed: " + bad);
        }
    }

    public static BasebackupOptions none() {
        return new BasebackupOptions(Map.of(), List.of());
    }

    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> args.add("--" + k + "=" + v));
        flags.forEach(f -> args.add("--" + f));
        return args;
    }
}
