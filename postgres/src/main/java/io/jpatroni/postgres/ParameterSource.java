package io.jpatroni.postgres;

import io.jpatroni.postgres.config.ResolvedParameters;
import io.jpatroni.postgres.config.ServerParameters;
import io.jpatroni.postgres.param.Adjustment;
import io.jpatroni.postgres.param.DescribeConfig;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import io.jpatroni.postgres.param.ParameterTable;
import io.jpatroni.postgres.process.PgCtl;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The major version the configuration is written for (the data directory's PG_VERSION; before initdb or a clone,
 * {@code postgres --version} of bin_dir) and the parameters the installed binary knows. Each adjustment of the
 * configured parameters is logged once per value, not at every write.
 */
final class ParameterSource {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterSource.class);

    private final PostgresSettings settings;
    private final PgCtl pgCtl;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private volatile MajorVersion binaryVersion;
    private volatile Set<String> binaryParameters;
    private volatile Optional<Map<String, String>> recoveryParams = Optional.empty();

    ParameterSource(PostgresSettings settings, PgCtl pgCtl) {
        this.settings = settings;
        this.pgCtl = pgCtl;
    }

    MajorVersion version() {
        return MajorVersion.ofDataDirectory(settings.dataDir()).orElseGet(this::binaryVersion);
    }

    private MajorVersion binaryVersion() {
        MajorVersion v = binaryVersion;
        if (v == null) {
            v = MajorVersion.ofVersionNum(pgCtl.binaryVersionNum());
            binaryVersion = v;
        }
        return v;
    }

    ParameterCheck check() {
        return new ParameterCheck(ParameterTable.builtIn(), version(), binaryParameters());
    }

    /** What {@code postgres --describe-config} lists; empty (the table alone decides) when it cannot run. */
    private Set<String> binaryParameters() {
        Set<String> names = binaryParameters;
        if (names == null) {
            try {
                names = DescribeConfig.names(pgCtl.describeConfig());
            } catch (PostgresException e) {
                LOG.warn("cannot list the parameters of {}: {}; checking against the built-in table only",
                        settings.bin("postgres"), e.getMessage());
                names = Set.of();
            }
            binaryParameters = names;
        }
        return names;
    }

    /** The parameters for postgresql.conf; what had to change is logged once. */
    ResolvedParameters resolve(Map<String, String> parameters) {
        return resolve(parameters, check());
    }

    /** {@code recovery_conf} in force: the settings' until a reload brings new ones. */
    Map<String, String> recoveryParams() {
        return recoveryParams.orElse(settings.recoveryParams());
    }

    void recoveryParams(Map<String, String> next) {
        recoveryParams = Optional.of(Map.copyOf(next));
    }

    ResolvedParameters resolve(Map<String, String> parameters, ParameterCheck check) {
        PostgresSettings.Builder b = settings.toBuilder().parameters(parameters);
        recoveryParams.ifPresent(b::recoveryParams);
        ResolvedParameters r = ServerParameters.resolve(b.build(), check);
        logOnce(r.adjustments());
        return r;
    }

    void logOnce(Collection<Adjustment> adjustments) {
        for (Adjustment a : adjustments) {
            if (logged.add(a.message())) {
                if (a.warning()) {
                    LOG.warn("{}", a.message());
                } else {
                    LOG.info("{}", a.message());
                }
            }
        }
    }

}
