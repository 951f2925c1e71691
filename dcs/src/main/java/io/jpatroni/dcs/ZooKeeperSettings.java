package io.jpatroni.dcs;

import java.util.List;

/**
 * Patroni's {@code zookeeper} section as jpatroni acts on it: the servers as {@code host:port}, joined into the
 * client's connection string as Patroni joins its {@code hosts} list. Plain connections without authentication (the
 * section's TLS and ACL keys are refused by the configuration module).
 */
public record ZooKeeperSettings(List<String> hosts) {
    public ZooKeeperSettings {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("zookeeper: at least one host is required");
        }
    }

    /** {@code host1:port1,host2:port2}, ZooKeeper's connection string. */
    public String connectString() {
        return String.join(",", hosts);
    }
}
