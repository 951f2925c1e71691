package io.jpatroni.it.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One test node's ports, directories and Patroni YAML. Timings default to the benchmark profile
 * (ttl 10, loop_wait 1, retry_timeout 3) so scenarios run fast. With {@code tls}, every TCP connection is TLS with
 * client certificates: the REST API ({@code verify_client: required}, peers and ctls through the {@code ctl}
 * section) and PostgreSQL ({@code hostssl ... clientcert=verify-ca}, each user's libpq options).
 */
public record NodeConfig(String scope, String name, Path dir, int restPort, int pgPort, List<String> etcdHosts,
                         int ttl, int loopWait, int retryTimeout, Optional<ClusterCerts> tls) {

    public NodeConfig(String scope, String name, Path dir, int restPort, int pgPort, List<String> etcdHosts,
                      int ttl, int loopWait, int retryTimeout) {
        this(scope, name, dir, restPort, pgPort, etcdHosts, ttl, loopWait, retryTimeout, Optional.empty());
    }

    public NodeConfig withTls(ClusterCerts certs) {
        return new NodeConfig(scope, name, dir, restPort, pgPort, etcdHosts, ttl, loopWait, retryTimeout,
                Optional.of(certs));
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

    public String yaml() {
        String socketDir = dir.toString();
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
                %s    replication:
                      username: replicator
                      password: replsecret
                %s    rewind:
                      username: rewind_user
                      password: rewindsecret
                %s  pg_hba:
                  - local all all trust
                  - %s replication replicator 127.0.0.1/32 md5%s
                  - %s all all 127.0.0.1/32 md5%s
                  parameters:
                    unix_socket_directories: '%s'
                %stags:
                  nofailover: false
                  noloadbalance: false
                  clonefrom: false
                  nosync: false
                %s""".formatted(scope, name, restPort, restPort, restTls(), String.join(",", etcdHosts), ttl,
                loopWait, retryTimeout, pgPort, pgPort, dataDir(), dir.resolve("pgpass"), userTls("postgres"),
                userTls("replicator"), userTls("rewind_user"), hostType(), clientCert(), hostType(),
                clientCert(), socketDir, serverTls(), ctlTls());
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
