package io.jpatroni.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole Patroni configuration file, after environment overrides. {@code scope} and {@code name}
 * are empty strings when missing (an error). {@code raw} is the tree it was read from.
 */
public record PatroniConfig(
        String scope,
        String namespace,
        String name,
        LogConfig log,
        RestApiConfig restapi,
        CtlConfig ctl,
        Optional<EtcdConfig> etcd,
        Optional<ZooKeeperConfig> zookeeper,
        List<String> unsupportedDcsSections,
        BootstrapConfig bootstrap,
        PostgresqlConfig postgresql,
        WatchdogConfig watchdog,
        Tags tags,
        Map<String, Object> raw) {

    public static final String DEFAULT_NAMESPACE = "/service/";

    public PatroniConfig {
        unsupportedDcsSections = List.copyOf(unsupportedDcsSections);
        raw = Maps.frozen(raw);
    }

    /** The DCS prefix of this cluster: {@code /service/<scope>/}. */
    public String clusterPrefix() {
        return namespace + scope + "/";
    }

    /**
     * The replica method {@code postgresql.<name>} (read as a {@code create_replica_methods} entry is), for a method
     * named elsewhere, as a standby cluster's {@code create_replica_methods} names them; {@code basebackup} has no
     * section. Empty when there is no such section.
     */
    public Optional<ReplicaMethodConfig> replicaMethod(String name) {
        if (postgresql.replicaMethods().containsKey(name)) {
            return Optional.of(postgresql.replicaMethods().get(name));
        }
        if ("basebackup".equalsIgnoreCase(name)) {
            return Optional.of(new ReplicaMethodConfig(name, Optional.empty(), false, false, false, Map.of()));
        }
        Object pg = raw.get("postgresql");
        if (!(pg instanceof Map<?, ?> m) || !(m.get(name) instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        return Optional.of(ReplicaMethodConfig.read(Section.of("postgresql." + name, m.get(name), new Problems()),
                name));
    }

    /** Secrets never show: typed ones print as ******, and so do password-like keys of {@code raw}. */
    @Override
    public String toString() {
        return "PatroniConfig[scope=" + scope + ", namespace=" + namespace + ", name=" + name + ", log=" + log
                + ", restapi=" + restapi + ", ctl=" + ctl + ", etcd=" + etcd + ", zookeeper=" + zookeeper
                + ", unsupportedDcsSections="
                + unsupportedDcsSections + ", bootstrap=" + bootstrap + ", postgresql=" + postgresql
                + ", watchdog=" + watchdog + ", tags=" + tags + ", raw=" + Maps.masked(raw) + "]";
    }
}
