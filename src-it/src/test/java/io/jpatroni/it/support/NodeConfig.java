package io.jpatroni.it.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /** The whole configuration as one YAML file. */
    public String yaml() {
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
                """.formatted(scope, name, restPort, restPort, String.join(",", etcdHosts))
                + bootstrapYaml()
                + """
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
                """.formatted(pgPort, pgPort, dataDir(), dir.resolve("pgpass"))
                + pgHbaAndParametersYaml() + tagsYaml();
    }

    /**
     * The same node's local settings as Patroni's {@code PATRONI_*} variables (names of Patroni's ENVIRONMENT docs):
     * everything {@link #yaml()} holds but bootstrap, pg_hba, parameters and tags, which have no variable.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATRONI_SCOPE", scope);
        env.put("PATRONI_NAMESPACE", "/service/");
        env.put("PATRONI_NAME", name);
        env.put("PATRONI_RESTAPI_LISTEN", "127.0.0.1:" + restPort);
        env.put("PATRONI_RESTAPI_CONNECT_ADDRESS", "127.0.0.1:" + restPort);
        env.put("PATRONI_RESTAPI_USERNAME", "patroni");
        env.put("PATRONI_RESTAPI_PASSWORD", "restsecret");
        env.put("PATRONI_ETCD3_HOSTS", String.join(",", etcdHosts));
        env.put("PATRONI_POSTGRESQL_LISTEN", "127.0.0.1:" + pgPort);
        env.put("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "127.0.0.1:" + pgPort);
        env.put("PATRONI_POSTGRESQL_DATA_DIR", dataDir().toString());
        env.put("PATRONI_POSTGRESQL_BIN_DIR", "/usr/lib/postgresql/15/bin");
        env.put("PATRONI_POSTGRESQL_PGPASS", dir.resolve("pgpass").toString());
        env.put("PATRONI_SUPERUSER_USERNAME", "postgres");
        env.put("PATRONI_SUPERUSER_PASSWORD", "supersecret");
        env.put("PATRONI_REPLICATION_USERNAME", "replicator");
        env.put("PATRONI_REPLICATION_PASSWORD", "replsecret");
        env.put("PATRONI_REWIND_USERNAME", "rewind_user");
        env.put("PATRONI_REWIND_PASSWORD", "rewindsecret");
        return env;
    }

    /** What a file holds when {@link #environment()} gives the rest: bootstrap, pg_hba, parameters, tags. */
    public String restYaml() {
        return bootstrapYaml() + "postgresql:\n" + pgHbaAndParametersYaml() + tagsYaml();
    }

    private String bootstrapYaml() {
        return """
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
                """.formatted(ttl, loopWait, retryTimeout);
    }

    /** The entries of the {@code postgresql} section that no variable sets (indented under it). */
    private String pgHbaAndParametersYaml() {
        return """
                  pg_hba:
                  - local all all trust
                  - host replication replicator 127.0.0.1/32 md5
                  - host all all 127.0.0.1/32 md5
                  parameters:
                    unix_socket_directories: '%s'
                """.formatted(dir);
    }

    private static String tagsYaml() {
        return """
                tags:
                  nofailover: false
                  noloadbalance: false
                  clonefrom: false
                  nosync: false
                """;
    }
}
