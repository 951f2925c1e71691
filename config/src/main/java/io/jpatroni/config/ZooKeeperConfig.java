package io.jpatroni.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where ZooKeeper is, from Patroni's {@code zookeeper} section: {@code hosts} as {@code host:port} (a host without a
 * port gets 2181, as kazoo gives it). The TLS keys ({@code use_ssl}, {@code cacert}, {@code cert}, {@code key},
 * {@code key_password}, {@code verify}) and {@code set_acls} are read with Patroni's types and defaults; what
 * jpatroni does with each is in {@link ConfigKeys}.
 */
public record ZooKeeperConfig(
        List<String> hosts,
        boolean useSsl,
        Optional<String> cacert,
        Optional<String> cert,
        Optional<String> key,
        Optional<Secret> keyPassword,
        boolean verify,
        Map<String, List<String>> setAcls) {

    public static final int DEFAULT_PORT = 2181;

    public ZooKeeperConfig {
        hosts = List.copyOf(hosts);
        setAcls = Map.copyOf(setAcls);
    }
}
