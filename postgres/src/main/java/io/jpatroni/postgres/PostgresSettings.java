package io.jpatroni.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the module needs to know about the local node, as plain values (the daemon maps its YAML here).
 *
 * @param name            member name: application_name in primary_conninfo and the default slot name
 * @param scope           cluster name: cluster_name and {@code --scope} of scripts
 * @param parameters      merged {@code postgresql.parameters} (Patroni's defaults are added by the renderer)
 * @param pgHba           {@code postgresql.pg_hba}; empty leaves pg_hba.conf alone
 * @param pgIdent         {@code postgresql.pg_ident}; empty leaves pg_ident.conf alone
 * @param recoveryParams  extra standby settings such as restore_command (Patroni's {@code recovery_conf})
 * @param customConf      a file to include instead of postgresql.base.conf
 * @param logFile         where pg_ctl sends the postmaster's output
 * @param configDir       where postgresql.conf, postgresql.base.conf, pg_hba.conf and pg_ident.conf live
 *                        ({@code postgresql.config_dir}; the data directory by default)
 */
public record PostgresSettings(String name, String scope, Path dataDir, Path binDir, String listenAddresses,
                               int port, String connectHost, Map<String, String> parameters, List<String> pgHba,
                               List<String> pgIdent, Path pgpass, RoleCredentials superuser,
                               RoleCredentials replication, RoleCredentials rewind, Duration pgCtlTimeout,
                               Optional<Path> customConf, Path logFile, Map<String, String> recoveryParams,
                               RewindPolicy rewindPolicy, Path configDir) {
    public PostgresSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(binDir, "binDir");
        parameters = Map.copyOf(parameters);
        pgHba = List.copyOf(pgHba);
        pgIdent = List.copyOf(pgIdent);
        recoveryParams = Map.copyOf(recoveryParams);
        Objects.requireNonNull(pgpass, "pgpass");
        Objects.requireNonNull(superuser, "superuser");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(rewind, "rewind");
        Objects.requireNonNull(customConf, "customConf");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(rewindPolicy, "rewindPolicy");
        Objects.requireNonNull(configDir, "configDir");
    }

    /** {@code use_pg_rewind}, {@code remove_data_directory_on_rewind_failure / _on_diverged_timelines}. */
    public record RewindPolicy(boolean usePgRewind, boolean removeDataDirectoryOnRewindFailure,
                               boolean removeDataDirectoryOnDivergedTimelines) {
    }

    /** The local node as a connection target for the given role. */
    public ConnectionTarget local(RoleCredentials who) {
        return ConnectionTarget.of(connectHost, port, who);
    }

    public Path bin(String program) {
        return binDir.resolve(program);
    }

    public static Builder builder(String name, String scope, Path dataDir, Path binDir) {
        return new Builder(name, scope, dataDir, binDir);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, scope, dataDir, binDir);
        b.listenAddresses = listenAddresses;
        b.port = port;
        b.connectHost = connectHost;
        b.parameters = new LinkedHashMap<>(parameters);
        b.pgHba = pgHba;
        b.pgIdent = pgIdent;
        b.pgpass = pgpass;
        b.superuser = superuser;
        b.replication = replication;
        b.rewind = rewind;
        b.pgCtlTimeout = pgCtlTimeout;
        b.customConf = customConf;
        b.logFile = logFile;
        b.recoveryParams = recoveryParams;
        b.rewindPolicy = rewindPolicy;
        b.configDir = configDir;
        return b;
    }

    /** Fills Patroni's defaults; only name, scope, dataDir and binDir are mandatory. */
    public static final class Builder {
        private final String name;
        private final String scope;
        private final Path dataDir;
        private final Path binDir;
        private String listenAddresses = "127.0.0.1";
        private int port = 5432;
        private String connectHost = "127.0.0.1";
        private Map<String, String> parameters = new LinkedHashMap<>();
        private List<String> pgHba = List.of();
        private List<String> pgIdent = List.of();
        private Path pgpass;
        private RoleCredentials superuser = RoleCredentials.of("postgres", null);
        private RoleCredentials replication = RoleCredentials.of("replicator", null);
        private RoleCredentials rewind;
        private Duration pgCtlTimeout = Duration.ofSeconds(60);
        private Optional<Path> customConf = Optional.empty();
        private Path logFile;
        private Map<String, String> recoveryParams = Map.of();
        private RewindPolicy rewindPolicy = new RewindPolicy(true, false, false);
        private Path configDir;

        private Builder(String name, String scope, Path dataDir, Path binDir) {
            this.name = name;
            this.scope = scope;
            this.dataDir = dataDir;
            this.binDir = binDir;
        }

        public Builder listen(String addresses, int listenPort) {
            this.listenAddresses = addresses;
            this.port = listenPort;
            return this;
        }

        public Builder connectHost(String host) {
            this.connectHost = host;
            return this;
        }

        public Builder parameter(String key, String value) {
            this.parameters.put(key, value);
            return this;
        }

        public Builder parameters(Map<String, String> all) {
            this.parameters = new LinkedHashMap<>(all);
            return this;
        }

        public Builder pgHba(List<String> lines) {
            this.pgHba = lines;
            return this;
        }

        public Builder pgIdent(List<String> lines) {
            this.pgIdent = lines;
            return this;
        }

        public Builder pgpass(Path file) {
            this.pgpass = file;
            return this;
        }

        public Builder credentials(RoleCredentials superuserCreds, RoleCredentials replicationCreds,
                                   RoleCredentials rewindCreds) {
            this.superuser = superuserCreds;
            this.replication = replicationCreds;
            this.rewind = rewindCreds;
            return this;
        }

        public Builder pgCtlTimeout(Duration timeout) {
            this.pgCtlTimeout = timeout;
            return this;
        }

        public Builder customConf(Path file) {
            this.customConf = Optional.of(file);
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public Builder recoveryParams(Map<String, String> params) {
            this.recoveryParams = params;
            return this;
        }

        public Builder rewindPolicy(RewindPolicy policy) {
            this.rewindPolicy = policy;
            return this;
        }

        public Builder configDir(Path dir) {
            this.configDir = dir;
            return this;
        }

        public PostgresSettings build() {
            Path parent = dataDir.toAbsolutePath().getParent();
            return new PostgresSettings(name, scope, dataDir, binDir, listenAddresses, port, connectHost, parameters,
                    pgHba, pgIdent, pgpass != null ? pgpass : parent.resolve("pgpass"), superuser, replication,
                    rewind != null ? rewind : superuser, pgCtlTimeout, customConf,
                    logFile != null ? logFile : parent.resolve(dataDir.getFileName() + ".log"), recoveryParams,
                    rewindPolicy, (configDir != null ? configDir : dataDir).toAbsolutePath());
        }
    }
}
