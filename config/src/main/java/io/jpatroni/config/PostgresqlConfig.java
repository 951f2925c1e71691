package io.jpatroni.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local {@code postgresql} section. Empty strings stand for a missing listen, connect_address or
 * data_dir (reported as errors). {@code parameters} keep the raw YAML values ({@code on} is true).
 */
public record PostgresqlConfig(
        String listen,
        String connectAddress,
        Optional<String> proxyAddress,
        String dataDir,
        Optional<String> configDir,
        Optional<String> binDir,
        Map<String, String> binName,
        Optional<String> pgpass,
        PgAuthentication authentication,
        Map<String, Object> parameters,
        Optional<List<String>> pgHba,
        Optional<List<String>> pgIdent,
        boolean useUnixSocket,
        boolean useUnixSocketRepl,
        Optional<Boolean> usePgRewind,
        boolean removeDataDirectoryOnRewindFailure,
        boolean removeDataDirectoryOnDivergedTimelines,
        List<String> createReplicaMethods,
        Map<String, ReplicaMethodConfig> replicaMethods,
        List<CommandOption> basebackup,
        Callbacks callbacks,
        Optional<Integer> pgCtlTimeout,
        Map<String, Object> recoveryConf,
        Optional<String> customConf,
        Optional<String> beforeStop,
        Optional<String> prePromote) {

    public PostgresqlConfig {
        binName = Map.copyOf(binName);
        parameters = Maps.frozen(parameters);
        pgHba = pgHba.map(List::copyOf);
        pgIdent = pgIdent.map(List::copyOf);
        createReplicaMethods = List.copyOf(createReplicaMethods);
        replicaMethods = Map.copyOf(replicaMethods);
        basebackup = List.copyOf(basebackup);
        recoveryConf = Maps.frozen(recoveryConf);
    }

    /** The directory holding postgresql.conf: config_dir, else data_dir. */
    public String effectiveConfigDir() {
        return configDir.orElse(dataDir);
    }

    @Override
    public String toString() {
        return SafeToString.of(this);
    }
}
