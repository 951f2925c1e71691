package io.jpatroni.postgres.config;

import io.jpatroni.postgres.param.Adjustment;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server parameters for one major version, as Patroni's {@code get_server_parameters} and validator leave them.
 *
 * @param conf        what postgresql.conf sets, sorted by name (hba_file / ident_file only when configured)
 * @param recovery    the recovery settings a replica gets (recovery_conf, or the recovery parameters found among
 *                    {@code postgresql.parameters}), not yet validated
 * @param adjustments what was converted, clamped or dropped on the way
 */
public record ResolvedParameters(Map<String, String> conf, Map<String, String> recovery,
                                 List<Adjustment> adjustments) {
    public ResolvedParameters {
        conf = Collections.unmodifiableMap(new TreeMap<>(conf));
        recovery = Collections.unmodifiableMap(new TreeMap<>(recovery));
        adjustments = List.copyOf(adjustments);
    }

    /** The same with {@code changed} values in postgresql.conf (a replica raised to pg_controldata's values). */
    public ResolvedParameters withConf(Map<String, String> changed) {
        Map<String, String> c = new TreeMap<>(conf);
        c.putAll(changed);
        return new ResolvedParameters(c, recovery, adjustments);
    }
}
