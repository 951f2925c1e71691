package io.jpatroni.postgres.rewind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.LibpqOptions;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.PostgresSettings.RewindPolicy;
import io.jpatroni.postgres.TestResources;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.process.FakeProcessRunner;
import io.jpatroni.postgres.process.PgCtl;
import io.jpatroni.postgres.process.ProcessFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewinderTest {
    private static final ConnectionTarget LEADER_REWIND = ConnectionTarget.of("10.0.0.2", 5432,
            RoleCredentials.of("rewind_user", "rewindsecret"));
    private static final ConnectionTarget LEADER_REPL = ConnectionTarget.of("10.0.0.2", 5432,
            RoleCredentials.of("replicator", "replsecret"));
    private static final String SHUT_DOWN = TestResources.read("pg15/controldata_shutdown.txt");
    private static final String NO_CHECKSUMS = SHUT_DOWN.replace("Data page checksum version:           1",
            "Data page checksum version:           0");

    @TempDir
    Path tmp;

    @BeforeEach
    void fakeInstallation() throws Exception {
        Files.createDirectories(tmp.resolve("bin"));
        Files.createFile(tmp.resolve("bin/pg_rewind"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/pg_hba.conf"), "local all all trust\n");
        Files.writeString(tmp.resolve("data/PG_VERSION"), "15\n");
    }

    private Rewinder rewinder(FakeProcessRunner runner, RewindPolicy policy) {
        PostgresSettings s = PostgresSettings.builder("pg0", "demo", tmp.resolve("data"), tmp.resolve("bin"))
                .rewindPolicy(policy).build();
        return new Rewinder(s, runner, new PgCtl(s, runner), new ConfigFiles(s, () -> 150004), Duration.ofMinutes(1));
    }

    @Test
    void rewindsWithRewindCredentialsAndRestoresLocalConfigFiles() throws Exception {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_controldata", 0, SHUT_DOWN, "")
                .on("pg_rewind", c -> {
                    try { // pg_rewind copies the source's files over ours
                        Files.writeString(tmp.resolve("data/pg_hba.conf"), "leader's hba\n");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return new io.jpatroni.postgres.process.ProcessResult(0, "", "pg_rewind: Done!");
                });
        assertThat(rewinder(runner, new RewindPolicy(true, false, false)).rewindOrRemove(LEADER_REWIND, LEADER_REPL))
                .isEqualTo(RewindOutcome.REWOUND);
        var cmd = runner.commands("pg_rewind").get(0);
        assertThat(cmd.args()).containsExactly(tmp.resolve("bin/pg_rewind").toString(),
                "--target-pgdata=" + tmp.resolve("data"), "--source-server=dbname=postgres user=rewind_user"
                        + " host=10.0.0.2 port=5432 target_session_attrs=read-write");
        assertThat(Files.readString(tmp.resolve("pgpass"))).contains("rewind_user:rewindsecret")
                .contains("replicator:replsecret");
        assertThat(Files.readString(tmp.resolve("data/pg_hba.conf"))).isEqualTo("local all all trust\n");
    }

    @Test
    void sourceServerCarriesTheRewindUsersLibpqOptions() {
        ConnectionTarget leader = ConnectionTarget.of("10.0.0.2", 5432, new RoleCredentials("rewind_user",
                java.util.Optional.empty(), new LibpqOptions(java.util.Map.of("sslmode", "verify-ca",
                "sslrootcert", "/etc/pg/ca.crt", "sslcert", "/etc/pg/rewind.crt", "sslkey", "/etc/pg/rewind.key",
                "channel_binding", "require"), java.util.Optional.empty())));
        assertThat(Rewinder.sourceServer(leader, 150004)).isEqualTo("dbname=postgres user=rewind_user host=10.0.0.2"
                + " port=5432 sslmode=verify-ca sslcert=/etc/pg/rewind.crt sslkey=/etc/pg/rewind.key"
                + " sslrootcert=/etc/pg/ca.crt channel_binding=require target_session_attrs=read-write");
    }

    @Test
    void crashedClusterGoesThroughSingleUserModeFirst() {
        FakeProcessRunner runner = new FakeProcessRunner()
                .on("pg_controldata", 0, TestResources.read("pg15/controldata_crashed.txt"), "")
                .on("pg_controldata", 0, SHUT_DOWN, "")
                .on("postgres", 0, "", "")
                .on("pg_rewind", 0, "", "");
        rewinder(runner, new RewindPolicy(true, false, false)).rewindOrRemove(LEADER_REWIND, LEADER_REPL);
        assertThat(runner.commands()).extracting(c -> c.program())
                .containsExactly("pg_controldata", "postgres", "pg_controldata", "pg_rewind");
        assertThat(runner.commands("postgres").get(0).args()).contains("--single", "template1",
                "archive_command=false");
    }

    @Test
    void impossibleRewindRemovesDataDirectoryOnlyWhenAllowed() {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_controldata", 0, NO_CHECKSUMS, "");
        assertThatThrownBy(() -> rewinder(runner, new RewindPolicy(true, true, false))
                .rewindOrRemove(LEADER_REWIND, LEADER_REPL))
                .hasMessageContaining("neither wal_log_hints nor data checksums")
                .hasMessageContaining("remove_data_directory_on_diverged_timelines is off");
        assertThat(tmp.resolve("data/PG_VERSION")).exists();

        assertThat(rewinder(runner, new RewindPolicy(true, false, true)).rewindOrRemove(LEADER_REWIND, LEADER_REPL))
                .isEqualTo(RewindOutcome.DATA_DIRECTORY_REMOVED);
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void failedRewindRemovesDataDirectoryOnlyWhenAllowed() {
        FakeProcessRunner runner = new FakeProcessRunner().on("pg_controldata", 0, SHUT_DOWN, "")
                .on("pg_rewind", 1, "", "pg_rewind: fatal: could not connect to server: Connection refused");
        assertThatThrownBy(() -> rewinder(runner, new RewindPolicy(true, false, false))
                .rewindOrRemove(LEADER_REWIND, LEADER_REPL))
                .isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("pg_rewind from rewind_user@10.0.0.2:5432/postgres failed")
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("Connection refused");
        assertThat(tmp.resolve("data/PG_VERSION")).exists();

        assertThat(rewinder(runner, new RewindPolicy(true, true, false)).rewindOrRemove(LEADER_REWIND, LEADER_REPL))
                .isEqualTo(RewindOutcome.DATA_DIRECTORY_REMOVED);
        assertThat(tmp.resolve("data")).doesNotExist();
    }
}
