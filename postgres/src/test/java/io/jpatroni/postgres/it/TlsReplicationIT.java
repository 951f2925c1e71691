package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.FollowResult;
import io.jpatroni.postgres.LibpqOptions;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.Password;
import io.jpatroni.postgres.TestPki;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.replica.ReplicaMethod;
import io.jpatroni.postgres.replica.BasebackupOptions;
import io.jpatroni.postgres.rewind.RewindOutcome;
import io.jpatroni.postgres.sql.ReplicationInfo;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole life of a pair with every TCP connection under {@code hostssl ... clientcert=verify-ca}: bootstrap
 * (JDBC as the superuser), clone (pg_basebackup as the replication user, EC key), streaming (primary_conninfo),
 * promote, pg_rewind (rewind user: encrypted key with sslpassword, a CRL, SCRAM with channel_binding=require) and
 * streaming again.
 */
class TlsReplicationIT {
    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void bootstrapCloneStreamPromoteAndRewindWithClientCertificatesOnly() throws Exception {
        TestPki pki = TestPki.generate(Files.createDirectories(nodes.root().resolve("pki")));
        RoleCredentials su = new RoleCredentials("postgres", Optional.of(Password.of("supersecret")), new LibpqOptions(Map.of(
                "sslmode", "verify-full", "sslcert", pki.path("postgres.crt"), "sslkey", pki.path("postgres.key"),
                "sslrootcert", pki.path("ca.crt")), Optional.empty()));
        RoleCredentials repl = new RoleCredentials("replicator", Optional.of(Password.of("replsecret")), new LibpqOptions(
                Map.of("sslmode", "verify-ca", "sslcert", pki.path("replicator.crt"), "sslkey",
                        pki.path("replicator.key"), "sslrootcert", pki.path("ca.crt")), Optional.empty()));
        RoleCredentials rewind = new RoleCredentials("rewind_user", Optional.of(Password.of("rewindsecret")), new LibpqOptions(
                Map.of("sslmode", "verify-ca", "sslcert", pki.path("rewind_user.crt"), "sslkey",
                        pki.path("rewind_user.enc.key"), "sslrootcert", pki.path("ca.crt"), "sslcrl",
                        pki.path("ca.crl"), "channel_binding", "require"),
                Optional.of(Password.of(TestPki.KEY_PASSWORD))));

        Postgres pg0 = nodes.node(tls(nodes.settings("pg0"), pki, su, repl, rewind));
        pg0.bootstrap(PgNodes.defaultBootstrap());
        ConnectionTarget su0 = target(pg0, su);
        assertThat(Sql.one(su0, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).isEqualTo("t");
        assertThat(Sql.one(su0, "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
                .isEqualTo("/CN=postgres");
        assertThatThrownBy(() -> Sql.one(target(pg0, PgNodes.SUPERUSER), "SELECT 1"))
                .as("a connection without the certificate")
                .hasMessageContaining("connection requires a valid client certificate");

        Postgres pg1 = nodes.node(tls(nodes.settings("pg1"), pki, su, repl, rewind));
        ConnectionTarget leader0 = target(pg0, repl);
        assertThat(pg0.queries().createPhysicalSlot("pg1")).isTrue();
        pg1.createReplica(List.of(ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast"),
                List.of()))), Optional.of(leader0));
        pg1.start(Optional.of(StandbyConfig.following(leader0, "pg1")));
        assertThat(Files.readString(pg1.settings().dataDir().resolve("postgresql.conf")))
                .contains("sslmode=verify-ca sslcert=" + pki.path("replicator.crt"));
        Sql.exec(su0, "CREATE TABLE t(v text); INSERT INTO t VALUES ('before failover')");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pg0.queries().replicationStatus()).extracting(ReplicationInfo::applicationName,
                    ReplicationInfo::state).containsExactly(org.assertj.core.groups.Tuple.tuple("pg1", "streaming"));
            assertThat(Sql.one(su0, "SELECT s.client_dn FROM pg_stat_ssl s JOIN pg_stat_replication r USING (pid)"))
                    .isEqualTo("/CN=replicator");
            assertThat(Sql.one(target(pg1, su), "SELECT count(*) FROM t")).isEqualTo("1");
        });

        pg1.promote(Duration.ofSeconds(30));
        Sql.exec(su0, "INSERT INTO t SELECT 'lost on old primary ' || g FROM generate_series(1, 1000) g");
        Sql.exec(target(pg1, su), "INSERT INTO t VALUES ('after failover')");
        pg0.stop(StopMode.IMMEDIATE);
        assertThat(pg1.queries().createPhysicalSlot("pg0")).isTrue();
        var check = pg0.checkRewind(target(pg1, repl));
        assertThat(check.needRewind()).as(check.reason()).isTrue();
        assertThat(pg0.rewind(target(pg1, rewind), target(pg1, repl))).isEqualTo(RewindOutcome.REWOUND);
        assertThat(pg0.follow(StandbyConfig.following(target(pg1, repl), "pg0"))).isEqualTo(FollowResult.STARTED);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pg1.queries().replicationStatus()).extracting(ReplicationInfo::applicationName,
                    ReplicationInfo::state).containsExactly(org.assertj.core.groups.Tuple.tuple("pg0", "streaming"));
            assertThat(Sql.one(su0, "SELECT string_agg(v, ',' ORDER BY v) FROM t"))
                    .isEqualTo("after failover,before failover");
        });
    }

    private static PostgresSettings tls(PostgresSettings.Builder b, TestPki pki, RoleCredentials su, RoleCredentials repl,
                                        RoleCredentials rewind) {
        PostgresSettings plain = b.build();
        Map<String, String> parameters = new java.util.HashMap<>(plain.parameters());
        parameters.putAll(Map.of("ssl", "on", "ssl_cert_file", pki.path("server.crt"), "ssl_key_file",
                pki.path("server.key"), "ssl_ca_file", pki.path("ca.crt"), "wal_log_hints", "on",
                "password_encryption", "scram-sha-256"));
        return plain.toBuilder().parameters(parameters).credentials(su, repl, rewind)
                .pgHba(List.of("local all all trust",
                        "hostssl replication replicator 127.0.0.1/32 md5 clientcert=verify-ca",
                        "hostssl all rewind_user 127.0.0.1/32 scram-sha-256 clientcert=verify-ca",
                        "hostssl all all 127.0.0.1/32 md5 clientcert=verify-ca")).build();
    }
}
