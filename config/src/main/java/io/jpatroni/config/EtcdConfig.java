package io.jpatroni.config;

import java.util.List;
import java.util.Optional;

/**
 * Where etcd is and how to talk to it. Read from {@code etcd3} or, with a warning, from Patroni's
 * v2-API {@code etcd} section ({@code sourceSection} says which). jpatroni always speaks the v3 API.
 */
public record EtcdConfig(
        List<String> hosts,
        String protocol,
        Optional<String> username,
        Optional<Secret> password,
        Optional<String> cacert,
        Optional<String> cert,
        Optional<String> key,
        String sourceSection) {

    public EtcdConfig {
        hosts = List.copyOf(hosts);
    }

    /** {@code protocol://host:port} for each host. */
    public List<String> endpoints() {
        return hosts.stream().map(h -> protocol + "://" + h).toList();
    }
}
