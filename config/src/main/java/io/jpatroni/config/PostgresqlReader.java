package io.jpatroni.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the local {@code postgresql} section. */
final class PostgresqlReader {
    static final List<String> BINARIES = List.of("pg_ctl", "initdb", "pg_controldata", "pg_basebackup",
            "postgres", "pg_isready", "pg_rewind");
    private static final Set<String> LEGACY_KEYS = Set.of("name", "scope", "retry_timeout", "pg_rewind",
            "replication", "superuser", "recovery_target", "basebackup_fast_read");

    private PostgresqlReader() {
    }

    static PostgresqlConfig read(Section s) {
        List<String> methods = s.stringList("create_replica_methods").orElse(List.of());
        PostgresqlConfig config = new PostgresqlConfig(
                s.string("listen", ""),
                s.string("connect_address", ""),
                s.string("proxy_address"),
                s.string("data_dir", ""),
                s.string("config_dir"),
                s.string("bin_dir").filter(d -> !d.isEmpty()),
                binName(s.section("bin_name")),
                s.string("pgpass"),
                PgAuthentication.read(s.section("authentication")),
                localParameters(s),
                s.stringList("pg_hba"),
                s.stringList("pg_ident"),
                s.bool("use_unix_socket", false),
                s.bool("use_unix_socket_repl", false),
                s.bool("use_pg_rewind"),
                s.bool("remove_data_directory_on_rewind_failure", false),
                s.bool("remove_data_directory_on_diverged_timelines", false),
                methods,
                replicaMethods(s, methods),
                CommandOption.readList(s, "basebackup"),
                Callbacks.read(s.section("callbacks")),
                s.integer("pg_ctl_timeout"),
                s.map("recovery_conf"),
                s.string("custom_conf"),
                s.string("before_stop"),
                s.string("pre_promote"));
        if (s.has("use_slots")) {
            s.problems().warnAt(s.pathOf("use_slots"), "ignored here: replication slots are switched on or off"
                    + " for the whole cluster in the dynamic configuration (bootstrap.dcs.postgresql.use_slots)");
        }
        s.markKnown(LEGACY_KEYS.toArray(String[]::new));
        s.reportUnknownKeys();
        return config;
    }

    private static Map<String, String> binName(Section s) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String binary : BINARIES) {
            s.string(binary).ifPresent(v -> out.put(binary, v));
        }
        s.reportUnknownKeys();
        return out;
    }

    /** Local parameters; those Patroni takes only from the dynamic configuration are warned about. */
    private static Map<String, Object> localParameters(Section s) {
        Map<String, Object> parameters = s.map("parameters");
        for (String name : parameters.keySet()) {
            if (CmdlineOptions.isCmdline(name)) {
                s.problems().warnAt(s.pathOf("parameters." + name), "ignored in the local configuration:"
                        + " Patroni takes it only from the dynamic configuration (bootstrap.dcs.postgresql.parameters)");
            }
        }
        Object sockets = parameters.get("unix_socket_directories");
        if (sockets != null && !(sockets instanceof String)) {
            s.problems().error(s.pathOf("parameters.unix_socket_directories"), sockets, "is not a string");
        }
        return parameters;
    }

    private static Map<String, ReplicaMethodConfig> replicaMethods(Section s, List<String> methods) {
        Map<String, ReplicaMethodConfig> out = new LinkedHashMap<>();
        for (String name : methods) {
            if ("basebackup".equals(name.toLowerCase(Locale.ROOT))) {
                out.put(name, new ReplicaMethodConfig(name, Optional.empty(), false, false, false, Map.of()));
                continue;
            }
            Section method = s.section(name);
            ReplicaMethodConfig parsed = ReplicaMethodConfig.read(method, name);
            if (parsed.command().isEmpty()) {
                s.problems().errorAt(s.pathOf(name + ".command"), "must be set for replica method " + name);
            }
            out.put(name, parsed);
        }
        return out;
    }
}
