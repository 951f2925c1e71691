package io.jpatroni.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.PostgresSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {
    @TempDir
    Path tmp;
    private Path data;

    @BeforeEach
    void initdbOutput() throws Exception {
        data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("postgresql.conf"), "# initdb's file\nmax_connections = 100\n");
        Files.writeString(data.resolve("pg_hba.conf"), "local all all trust\n");
    }

    private PostgresSettings.Builder settings() {
        return PostgresSettings.builder("node1", "demo", data, Path.of("/pg/bin")).pgpass(tmp.resolve("pgpass"));
    }

    @Test
    void initdbConfBecomesBaseConfOnceAndStandbyGetsRecoverySection() throws Exception {
        PostgresSettings s = settings().recoveryParams(Map.of("restore_command", "cp /arch/%f %p"))
                .pgIdent(List.of("map1 os pg")).build();
        ConfigFiles files = new ConfigFiles(s, () -> 150004);
        ConnectionTarget leader = ConnectionTarget.of("10.0.0.1", 5432, RoleCredentials.of("replicator", "pw"));
        files.writeAll(ServerParameters.effective(s), Optional.of(StandbyConfig.following(leader, "node1")));
        files.writeStandbySignal(true);
        files.writeAll(ServerParameters.effective(s), Optional.of(StandbyConfig.following(leader, "node1")));

        assertThat(Files.readString(data.resolve("postgresql.base.conf"))).startsWith("# initdb's file");
        String conf = Files.readString(data.resolve("postgresql.conf"));
        assertThat(conf).startsWith(PostgresConfRenderer.HEADER + "include 'postgresql.base.conf'\n")
                .contains("restore_command = 'cp /arch/%f %p'\n")
                .contains("primary_slot_name = 'node1'\n")
                .contains("recovery_target_timeline = 'latest'\n");
        assertThat(Files.getPosixFilePermissions(data.resolve("postgresql.conf")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(data.resolve("standby.signal")).exists();
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo("local all all trust\n");
        assertThat(Files.readString(data.resolve("pg_ident.conf"))).endsWith("map1 os pg\n");
        try (var listing = Files.list(data)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        files.writeAll(ServerParameters.effective(s), Optional.empty());
        files.writeStandbySignal(false);
        assertThat(Files.readString(data.resolve("postgresql.conf"))).doesNotContain("recovery.conf");
        assertThat(data.resolve("standby.signal")).doesNotExist();
    }

    @Test
    void bootstrapHbaIsAppendedAndConfiguredHbaReplacesIt() throws Exception {
        new ConfigFiles(settings().build(), () -> 150004).appendHba(List.of("host all all 0.0.0.0/0 md5"));
        assertThat(Files.readString(data.resolve("pg_hba.conf")))
                .isEqualTo("local all all trust\nhost all all 0.0.0.0/0 md5\n");
        PostgresSettings s = settings().pgHba(List.of("host all all 127.0.0.1/32 md5")).build();
        new ConfigFiles(s, () -> 150004).writeAll(ServerParameters.effective(s), Optional.empty());
        assertThat(Files.readString(data.resolve("pg_hba.conf")))
                .isEqualTo(PostgresConfRenderer.HEADER + "host all all 127.0.0.1/32 md5\n");
    }

    @Test
    void generatedConfWithoutBaseConfIsAnError() throws Exception {
        Files.writeString(data.resolve("postgresql.conf"), PostgresConfRenderer.HEADER);
        PostgresSettings s = settings().build();
        assertThatThrownBy(() -> new ConfigFiles(s, () -> 150004).writeAll(ServerParameters.effective(s), Optional.empty()))
                .hasMessageContaining("postgresql.base.conf is missing");
    }

    @Test
    void customConfIsIncludedAndBaseConfLeftAlone() throws Exception {
        PostgresSettings s = settings().customConf(tmp.resolve("custom.conf")).build();
        new ConfigFiles(s, () -> 150004).writeAll(ServerParameters.effective(s), Optional.empty());
        assertThat(Files.readString(data.resolve("postgresql.conf"))).contains("include '" + tmp.resolve("custom.conf"));
        assertThat(data.resolve("postgresql.base.conf")).doesNotExist();
    }

    @Test
    void pgpassIsPrivateAndPointedToByEnvironment() throws Exception {
        Map<String, String> env = new ConfigFiles(settings().build(), () -> 150004).writePgpass(List.of(
                ConnectionTarget.of("h", 5432, RoleCredentials.of("u", "p"))));
        assertThat(env).containsExactly(Map.entry("PGPASSFILE", tmp.resolve("pgpass").toString()));
        assertThat(Files.readString(tmp.resolve("pgpass"))).isEqualTo("h:5432:*:u:p\n");
        assertThat(Files.getPosixFilePermissions(tmp.resolve("pgpass")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
