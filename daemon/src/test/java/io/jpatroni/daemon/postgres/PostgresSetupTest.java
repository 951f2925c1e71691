package io.jpatroni.daemon.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.DynamicConfig;
import io.jpatroni.config.EffectiveConfig;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.postgres.LibpqOptions;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.RoleCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** postgresql.authentication mapped onto the postgres module: every libpq option goes with its user. */
class PostgresSetupTest {
    @TempDir
    Path tmp;

    private PatroniConfig config(String auth) {
        String yaml = """
                scope: demo
                name: node1
                restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
                etcd3: {hosts: 127.0.0.1:2379}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: %s
                  bin_dir: /usr/lib/postgresql/15/bin
                  authentication:
                %s""".formatted(tmp.resolve("data"), auth.indent(4));
        var loaded = ConfigLoader.loadFromString(yaml, Map.of());
        assertThat(loaded.errors()).isEmpty();
        return loaded.config();
    }

    @Test
    void aStandbyClustersCreateReplicaMethodsAreTheConfiguredOnesItNames() {
        String yaml = """
                scope: demo
                name: node1
                restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
                etcd3: {hosts: 127.0.0.1:2379}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: %s
                  authentication: {superuser: {username: postgres}, replication: {username: replicator}}
                  create_replica_methods: [basebackup]
                  wal_g:
                    command: /usr/bin/wal-g-restore
                    no_leader: true
                """.formatted(tmp.resolve("data"));
        var loaded = ConfigLoader.loadFromString(yaml, Map.of());
        assertThat(loaded.errors()).isEmpty();
        PatroniConfig c = loaded.config();

        assertThat(PostgresSetup.replicaMethods(c, List.of("wal_g", "unknown", "basebackup")))
                .extracting(m -> m.name()).containsExactly("wal_g", "basebackup");
        assertThat(PostgresSetup.replicaMethods(c, List.of())).extracting(m -> m.name())
                .as("none named: basebackup, as Patroni's ['basebackup'] default").containsExactly("basebackup");
        assertThat(PostgresSetup.replicaMethods(c)).extracting(m -> m.name()).containsExactly("basebackup");
    }

    @Test
    void everyUsersLibpqOptionsAndSslpasswordReachTheSettings() {
        PatroniConfig c = config("""
                superuser:
                  username: postgres
                  password: supersecret
                  sslmode: verify-full
                  sslrootcert: /etc/pg/ca.crt
                replication:
                  username: replicator
                  password: replsecret
                  sslmode: verify-ca
                  sslcert: /etc/pg/repl.crt
                  sslkey: /etc/pg/repl.key
                  sslpassword: keypass
                  sslcrl: /etc/pg/ca.crl
                  sslcrldir: /etc/pg/crl.d
                  gssencmode: disable
                  channel_binding: require
                  sslnegotiation: direct
                """);
        PostgresSettings s = PostgresSetup.settings(c, EffectiveConfig.merge(
                DynamicConfig.defaults(), c));
        assertThat(s.superuser().libpq().values()).isEqualTo(Map.of("sslmode", "verify-full", "sslrootcert",
                "/etc/pg/ca.crt"));
        RoleCredentials repl = s.replication();
        assertThat(repl.libpq().values()).containsOnlyKeys("sslmode", "sslcert", "sslkey", "sslcrl", "sslcrldir",
                "gssencmode", "channel_binding", "sslnegotiation").containsEntry("sslcert", "/etc/pg/repl.crt");
        assertThat(repl.libpq().sslpassword()).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("keypass"));
        assertThat(s.rewind()).as("no rewind user: the superuser's, options included").isEqualTo(s.superuser());
    }

    @Test
    void aClientKeyJavaCannotReadIsNamedWithItsYamlPath() throws IOException, InterruptedException {
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "repl.key", "-out", "repl.crt", "-days", "1",
                "-subj", "/CN=replicator");
        run("rsa", "-in", "repl.key", "-traditional", "-aes256", "-passout", "pass:x", "-out", "legacy.key");
        PatroniConfig good = config(users("repl.key", ""));
        assertThat(PostgresSetup.unreadableClientKeys(good.postgresql())).isEmpty();
        PatroniConfig legacy = config(users("legacy.key", "  sslpassword: x\n"));
        assertThat(PostgresSetup.unreadableClientKeys(legacy.postgresql())).singleElement().asString()
                .startsWith("postgresql.authentication.replication.sslkey: \"" + tmp.resolve("legacy.key")
                        + "\" cannot be used with " + tmp.resolve("repl.crt") + ": legacy encrypted PEM keys");
        PatroniConfig missing = config(users("nowhere.key", ""));
        assertThat(PostgresSetup.unreadableClientKeys(missing.postgresql())).singleElement().asString()
                .endsWith(": no such file");
        assertThat(List.of(LibpqOptions.NONE.values())).containsExactly(Map.of());
    }

    private String users(String key, String extra) {
        return """
                superuser: {username: postgres}
                replication:
                  username: replicator
                  sslcert: %s
                  sslkey: %s
                %s""".formatted(tmp.resolve("repl.crt"), tmp.resolve(key), extra);
    }

    private void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(cmd + ": " + out);
        }
        assertThat(Files.exists(tmp)).isTrue();
    }
}
