package io.jpatroni.it.support;

import java.nio.file.Path;
import java.util.List;

/**
 * One test node's ports, directories and Patroni YAML. Timings default to the benchmark profile
 * (ttl 10, loop_wait 1, retry_timeout 3) so scenarios run fast.
 */
public record NodeConfig(String scope, String name, Path dir, int restPort, int pgPort, List<String> etcdHosts,
                         int ttl, int loopWait, int retryTimeout) {

    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path configFile() {
        return dir.resolve(name + ".yml");
    }

    public String yaml() {
        String socketDir = dir.toString();
        return """
                scope: %s
                namespace: /service/
                name: %s
                restapi:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                  authentication:
                    username: patroni
                    password: restsecret
                etcd3:
                  hosts: %s
                bootstrap:
                  dcs:
                    ttl: %d
                    loop_wait: %d
                    retry_timeout: %d
                    maximum_lag_on_failover: 1048576
                    postgresql:
                      use_pg_rewind: true
                      use_slots: true
                      parameters:
                        max_connections: 50
                        wal_level: replica
                        hot_standby: "on"
                        max_wal_senders: 10
                        max_replication_slots: 10
                        wal_log_hints: "on"
                        shared_buffers: 16MB
                        fsync: "off"
                  initdb:
                  - encoding: UTF8
                  - data-checksums
                  - auth-local: trust
                  - auth-host: md5
                postgresql:
                  listen: 127.0.0.1:%d
                  connect_address: 127.0.0.1:%d
                  data_dir: %s
                  bin_dir: /usr/lib/postgresql/15/bin
                  pgpass: %s
                  authentication:
                    superuser:
                      username: postgres
                      password: supersecret
                    replication:
                      username: replicator
                      password: replsecret
                    rewind:
                      username: rewind_user
                      password: rewindsecret
                  pg_hba:
                  - local all all trust
                  - host replication replicator 127.0.0.1/32 md5
                  - host all all 127.0.0.1/32 md5
                  parameters:
                    unix_socket_directories: '%s'
                tags:
                  nofailover: false
                  noloadbalance: false
                  clonefrom: false
                  nosync: false
                """.formatted(scope, name, restPort, restPort, String.join(",", etcdHosts), ttl, loopWait,
                retryTimeout, pgPort, pgPort, dataDir(), dir.resolve("pgpass"), socketDir);
    }
}
