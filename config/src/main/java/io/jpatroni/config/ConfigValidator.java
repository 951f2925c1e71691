package io.jpatroni.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Checks what a runnable node needs, as Patroni's validator does: required keys, addresses, bin_dir. */
final class ConfigValidator {
    private static final List<String> REQUIRED_BINARIES = List.of("pg_ctl", "initdb", "pg_controldata",
            "pg_basebackup", "postgres", "pg_isready");

    /** The libpq options whose values are keywords, and the keywords libpq accepts (anything else fails to connect). */
    private static final java.util.Map<String, List<String>> LIBPQ_KEYWORDS = java.util.Map.of(
            "sslmode", List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
            "gssencmode", List.of("disable", "prefer", "require"),
            "channel_binding", List.of("disable", "prefer", "require"),
            "sslnegotiation", List.of("postgres", "direct"));

    private final Problems problems;
    private final FileChecks files;

    private ConfigValidator(Problems problems, FileChecks files) {
        this.problems = problems;
        this.files = files;
    }

    static void validate(PatroniConfig config, Problems problems, FileChecks files) {
        new ConfigValidator(problems, files).check(config);
    }

    private void check(PatroniConfig config) {
        required("scope", config.scope());
        required("name", config.name());
        RestApiConfig api = config.restapi();
        if (required("restapi.listen", api.listen()) && !HostPort.isListen(api.listen(), false)) {
            problems.error("restapi.listen", api.listen(), "is not host:port");
        }
        connectAddress("restapi.connect_address", api.connectAddress());
        PostgresqlConfig pg = config.postgresql();
        if (required("postgresql.listen", pg.listen()) && !HostPort.isListen(pg.listen(), true)) {
            problems.error("postgresql.listen", pg.listen(), "is not host:port (or host1,host2:port)");
        }
        connectAddress("postgresql.connect_address", pg.connectAddress());
        pg.proxyAddress().filter(a -> !HostPort.isHostPort(a))
                .ifPresent(a -> problems.error("postgresql.proxy_address", a, "is not host:port"));
        required("postgresql.data_dir", pg.dataDir());
        PgAuthentication auth = pg.authentication();
        user("postgresql.authentication.superuser", auth.superuser(), true);
        user("postgresql.authentication.replication", auth.replication(), true);
        user("postgresql.authentication.rewind", auth.rewind(), false);
        pg.binDir().ifPresent(dir -> binDir(dir, pg));
    }

    /** False, with a "must be set" error unless the value was already reported as wrongly typed. */
    private boolean required(String path, String value) {
        if (value.isBlank()) {
            if (problems.hasErrorAt(path)) {
                return false;
            }
            problems.errorAt(path, "must be set");
            return false;
        }
        return true;
    }

    private void connectAddress(String path, String value) {
        if (!required(path, value)) {
            return;
        }
        if (!HostPort.isHostPort(value)) {
            problems.error(path, value, "is not host:port");
        } else if (HostPort.isWildcard(value)) {
            problems.error(path, value, "is a wildcard address; other members need an address they can reach");
        }
    }

    private void user(String path, Optional<PgUser> user, boolean mandatory) {
        if (user.isEmpty()) {
            if (mandatory) {
                problems.errorAt(path + ".username", "must be set");
            }
            return;
        }
        required(path + ".username", user.get().username());
        user.get().options().forEach((option, value) -> {
            List<String> accepted = LIBPQ_KEYWORDS.get(option);
            if (accepted != null && !accepted.contains(value)) {
                problems.error(path + "." + option, value, "is not one of " + String.join(", ", accepted)
                        + " (libpq would refuse every connection)");
            }
        });
    }

    private void binDir(String dir, PostgresqlConfig pg) {
        if (!files.isDirectory(dir)) {
            problems.error("postgresql.bin_dir", dir, "is not a directory");
            return;
        }
        for (String binary : REQUIRED_BINARIES) {
            String fileName = pg.binName().getOrDefault(binary, binary);
            if (!files.isExecutableFile(Path.of(dir, fileName).toString())) {
                problems.error("postgresql.bin_dir", dir, "does not contain " + fileName);
            }
        }
    }
}
