package io.jpatroni.it.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test node's ports, directories, DCS ({@code etcd3} or {@code zookeeper} and its hosts) and Patroni YAML, with
 * the cluster's {@link Timings} in {@code bootstrap.dcs}. With {@code tls}, every TCP connection is TLS with
 * client certificates: the REST API ({@code verify_client: required}, peers and ctls through the {@code ctl}
 * section) and PostgreSQL ({@code hostssl ... clientcert=verify-ca}, each user's libpq options).
 */
public record NodeConfig(String scope, String name, Path dir, int restPort, int pgPort, String dcsSection,
                         List<String> dcsHosts, Timings timings, Optional<ClusterCerts> tls) {

    /** A node on etcd at {@code etcdHosts}. */
    public NodeConfig(String scope, String name, Path dir, int restPort, int pgPort, List<String> etcdHosts,
                      Timings timings) {
        this(scope, name, dir, restPort, pgPort, EtcdCluster.SECTION, etcdHosts, timings, Optional.empty());
    }

    /** A node on {@code dcs}'s servers. */
    public NodeConfig(String scope, String name, Path dir, int restPort, int pgPort, DcsServers dcs,
                      Timings timings) {
        this(scope, name, dir, restPort, pgPort, dcs.section(), dcs.hosts(), timings, Optional.empty());
    }

    public NodeConfig withTls(ClusterCerts certs) {
        return new NodeConfig(scope, name, dir, restPort, pgPort, dcsSection, dcsHosts, timings, Optional.of(certs));
    }

    /** The same node reaching its DCS at {@code hosts} (a proxy, say) instead. */
    public NodeConfig withDcsHosts(List<String> hosts) {
        return new NodeConfig(scope, name, dir, restPort, pgPort, dcsSection, hosts, timings, tls);
    }

    /** This node's REST API certificate and key (a copy of the cluster's until a test replaces it). */
    public Path restCert() {
        return dir.resolve("rest.crt");
    }

    public Path restKey() {
        return dir.resolve("rest.key");
    }

    /** {@code http} or {@code https}. */
    public String restScheme() {
        return tls.isPresent() ? "https" : "http";
    }

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
                %s  authentication:
                    username: patroni
                    password: restsecret
                %s:
                  hosts: %s
                """.formatted(scope, name, restPort, restPort, restTls(), dcsSection, String.join(",", dcsHosts))
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
                %s    replication:
                      username: replicator
                      password: replsecret
                %s    rewind:
                      username: rewind_user
                      password: rewindsecret
                %s""".formatted(pgPort, pgPort, dataDir(), dir.resolve("pgpass"), userTls("postgres"),
                        userTls("replicator"), userTls("rewind_user"))
                + pgHbaAndParametersYaml() + tagsYaml() + ctlTls();
    }

    /**
     * The same node's local settings as Patroni's {@code PATRONI_*} variables (names of Patroni's ENVIRONMENT docs):
     * everything {@link #yaml()} holds but bootstrap, pg_hba, parameters and tags, which have no variable.
     * Not for TLS nodes.
     */
    public Map<String, String> environment() {
        if (tls.isPresent()) {
            throw new IllegalStateException("environment() has no TLS settings");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATRONI_SCOPE", scope);
        env.put("PATRONI_NAMESPACE", "/service/");
        env.put("PATRONI_NAME", name);
        env.put("PATRONI_RESTAPI_LISTEN", "127.0.0.1:" + restPort);
        env.put("PATRONI_RESTAPI_CONNECT_ADDRESS", "127.0.0.1:" + restPort);
        env.put("PATRONI_RESTAPI_USERNAME", "patroni");
        env.put("PATRONI_RESTAPI_PASSWORD", "restsecret");
        env.put("PATRONI_" + dcsSection.toUpperCase(java.util.Locale.ROOT) + "_HOSTS", String.join(",", dcsHosts));
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
                """.formatted(timings.ttl(), timings.loopWait(), timings.retryTimeout());
    }

    /** The entries of the {@code postgresql} section that no variable sets (indented under it). */
    private String pgHbaAndParametersYaml() {
        return """
                  pg_hba:
                  - local all all trust
                  - %s replication replicator 127.0.0.1/32 md5%s
                  - %s all all 127.0.0.1/32 md5%s
                  parameters:
                    unix_socket_directories: '%s'
                %s""".formatted(hostType(), clientCert(), hostType(), clientCert(), dir, serverTls());
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

    private String restTls() {
        return tls.map(t -> """
                  certfile: %s
                  keyfile: %s
                  cafile: %s
                  verify_client: required
                """.formatted(restCert(), restKey(), t.ca())).orElse("");
    }

    /** The user's libpq options: a different sslmode, key format and extra per user, as people configure them. */
    private String userTls(String user) {
        return tls.map(t -> {
            String common = "      sslcert: %s\n      sslkey: %s\n      sslrootcert: %s\n".formatted(
                    t.userCert(user), t.userKey(user), t.ca());
            return switch (user) {
                case "postgres" -> "      sslmode: verify-full\n" + common;
                case "replicator" -> "      sslmode: verify-ca\n" + common;
                default -> "      sslmode: verify-ca\n" + common + "      sslpassword: '"
                        + ClusterCerts.REWIND_KEY_PASSWORD + "'\n      sslcrl: " + t.crl() + "\n";
            };
        }).orElse("");
    }

    private String hostType() {
        return tls.isPresent() ? "hostssl" : "host";
    }

    private String clientCert() {
        return tls.isPresent() ? " clientcert=verify-ca" : "";
    }

    private String serverTls() {
        return tls.map(t -> """
                    ssl: 'on'
                    ssl_cert_file: %s
                    ssl_key_file: %s
                    ssl_ca_file: %s
                """.formatted(t.serverCert(), t.serverKey(), t.ca())).orElse("");
    }

    private String ctlTls() {
        return tls.map(t -> """
                ctl:
                  certfile: %s
                  keyfile: %s
                  cacert: %s
                """.formatted(t.restClientCert(), t.restClientKey(), t.ca())).orElse("");
    }
}
