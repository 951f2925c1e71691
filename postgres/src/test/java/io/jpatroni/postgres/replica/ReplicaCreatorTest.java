package io.jpatroni.postgres.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.LibpqOptions;
import io.jpatroni.postgres.Password;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.process.Command;
import io.jpatroni.postgres.process.FakeProcessRunner;
import io.jpatroni.postgres.process.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaCreatorTest {
    private static final ConnectionTarget LEADER = ConnectionTarget.of("10.0.0.1", 5434,
            RoleCredentials.of("replicator", "replsecret"));

    @TempDir
    Path tmp;

    private PostgresSettings settings() {
        return PostgresSettings.builder("node1", "demo", tmp.resolve("data"), Path.of("/pg/bin")).build();
    }

    private ReplicaCreator creator(FakeProcessRunner runner) {
        return new ReplicaCreator(settings(), runner, new ConfigFiles(settings(), () -> 150004), Duration.ofMinutes(1),
                Duration.ZERO);
    }

    private ProcessResult createsDataDir(Command c) {
        try {
            Files.createDirectories(tmp.resolve("data"));
            Files.writeString(tmp.resolve("data/PG_VERSION"), "15\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProcessResult(0, "", "");
    }

    @Test
    void basebackupCommandLineAndPgpass() throws Exception {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_basebackup", this::createsDataDir);
        String used = creator(runner).create(List.of(ReplicaMethod.basebackup(new BasebackupOptions(
                Map.of("max-rate", "100M"), List.of("verbose")))), Optional.of(LEADER));
        assertThat(used).isEqualTo("basebackup");
        Command cmd = runner.commands().get(0);
        assertThat(cmd.args()).containsExactly("/pg/bin/pg_basebackup", "--pgdata=" + tmp.resolve("data"), "-X",
                "stream", "--dbname=dbname=postgres user=replicator host=10.0.0.1 port=5434", "--progress",
                "--max-rate=100M", "--verbose");
        assertThat(cmd.env()).containsEntry("PGPASSFILE", tmp.resolve("pgpass").toString());
        assertThat(cmd.display()).doesNotContain("replsecret");
        assertThat(cmd.logOutput()).isTrue();
        assertThat(Files.readString(tmp.resolve("pgpass"))).isEqualTo("10.0.0.1:5434:*:replicator:replsecret\n");
        assertThat(Files.getPosixFilePermissions(tmp.resolve("pgpass")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void basebackupIsTriedTwiceThenTheDataDirectoryIsRemoved() {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_basebackup", c -> {
            createsDataDir(c);
            return new ProcessResult(1, "", "pg_basebackup: error: connection to server failed: Connection refused");
        });
        assertThatThrownBy(() -> creator(runner).create(List.of(), Optional.of(LEADER)))
                .hasMessageContaining("creating replica failed, data directory " + tmp.resolve("data") + " removed")
                .hasMessageContaining("pg_basebackup from replicator@10.0.0.1:5434/postgres failed")
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("Connection refused");
        assertThat(runner.commands("pg_basebackup")).hasSize(2);
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void customMethodGetsPatroniParameters() {
        FakeProcessRunner runner = new FakeProcessRunner().on("wal-g-restore", this::createsDataDir);
        creator(runner).create(List.of(ReplicaMethod.custom("walg", "/usr/bin/wal-g-restore --quiet",
                Map.of("envdir", "/etc/wal-g"), false, false, false)), Optional.of(LEADER));
        assertThat(runner.commands().get(0).args()).containsExactly("/usr/bin/wal-g-restore", "--quiet",
                "--envdir=/etc/wal-g", "--scope=demo", "--role=replica", "--datadir=" + tmp.resolve("data"),
                "--connstring=dbname=postgres user=replicator host=10.0.0.1 port=5434");
    }

    @Test
    void theReplicationUsersLibpqOptionsGoToPgBasebackupAndToCustomMethods() {
        LibpqOptions tls = new LibpqOptions(Map.of("sslmode", "verify-full", "sslcert", "/etc/pg/repl.crt",
                "sslkey", "/etc/pg/repl.key", "sslrootcert", "/etc/pg/ca.crt", "sslcrl", "/etc/pg/ca.crl"),
                Optional.of(Password.of("keypass")));
        ConnectionTarget leader = ConnectionTarget.of("10.0.0.1", 5434,
                new RoleCredentials("replicator", Optional.of(Password.of("replsecret")), tls));
        String dsn = "dbname=postgres user=replicator host=10.0.0.1 port=5434 sslmode=verify-full"
                + " sslcert=/etc/pg/repl.crt sslkey=/etc/pg/repl.key sslpassword=keypass sslrootcert=/etc/pg/ca.crt"
                + " sslcrl=/etc/pg/ca.crl";
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_basebackup", this::createsDataDir);
        creator(runner).create(List.of(), Optional.of(leader));
        assertThat(runner.commands().get(0).args()).contains("--dbname=" + dsn);
        assertThat(runner.commands().get(0).display()).doesNotContain("keypass");

        FakeProcessRunner custom = new FakeProcessRunner().on("wal-g-restore", this::createsDataDir);
        creator(custom).create(List.of(ReplicaMethod.custom("walg", "wal-g-restore", Map.of(), false, false,
                false)), Optional.of(leader));
        assertThat(custom.commands().get(0).args()).endsWith("--connstring=" + dsn);
    }

    @Test
    void noParamsAndKeepData() throws Exception {
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/old"), "x");
        FakeProcessRunner runner = new FakeProcessRunner().on("restore", c -> {
            assertThat(tmp.resolve("data/old")).exists();
            return new ProcessResult(0, "", "");
        });
        creator(runner).create(List.of(ReplicaMethod.custom("restore", "restore", Map.of(), true, true, true)),
                Optional.of(LEADER));
        assertThat(runner.commands().get(0).args()).containsExactly("restore");
    }

    @Test
    void withoutLeaderOnlyNoLeaderMethodsRun() {
        FakeProcessRunner runner = new FakeProcessRunner().on("restore", this::createsDataDir);
        List<ReplicaMethod> methods = List.of(ReplicaMethod.basebackup(BasebackupOptions.none()),
                ReplicaMethod.custom("needs-leader", "other", Map.of(), false, false, false),
                ReplicaMethod.custom("restore", "restore", Map.of(), false, false, true));
        assertThat(creator(runner).create(methods, Optional.empty())).isEqualTo("restore");
        assertThat(runner.commands()).hasSize(1);
        assertThat(runner.commands().get(0).args()).contains("--connstring=");
        assertThatThrownBy(() -> creator(runner).create(methods.subList(0, 2), Optional.empty()))
                .hasMessageContaining("no leader to clone from");
    }
}
