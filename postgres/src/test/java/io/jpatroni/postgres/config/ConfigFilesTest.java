package io.jpatroni.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
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

    private static final ParameterCheck V15 = ParameterCheck.of(MajorVersion.parse("15"));

    /** What ServerControl does before a start: resolve for the version, render the recovery part, write. */
    static void write(ConfigFiles files, PostgresSettings s, Optional<StandbyConfig> standby, ParameterCheck check) {
        ResolvedParameters p = ServerParameters.resolve(s, check);
        files.writeAll(p, standby.map(sb -> files.recoveryParameters(sb, p, check)), check.version());
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
        write(files, s, Optional.of(StandbyConfig.following(leader, "node1")), V15);
        files.writeStandbySignal(true, V15.version());
        write(files, s, Optional.of(StandbyConfig.following(leader, "node1")), V15);

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

        write(files, s, Optional.empty(), V15);
        files.writeStandbySignal(false, V15.version());
        assertThat(Files.readString(data.resolve("postgresql.conf"))).doesNotContain("recovery.conf");
        assertThat(data.resolve("standby.signal")).doesNotExist();
    }

    @Test
    void bootstrapHbaIsAppendedAndConfiguredHbaReplacesIt() throws Exception {
        PostgresSettings plain = settings().build();
        new ConfigFiles(plain, () -> 150004).appendHba(List.of("host all all 0.0.0.0/0 md5",
                "host replication all ::1/128 md5"), ServerParameters.resolve(plain, V15));
        assertThat(Files.readString(data.resolve("pg_hba.conf"))) // Patroni's append_pg_hba: '\n' + lines
                .isEqualTo("local all all trust\n\nhost all all 0.0.0.0/0 md5\nhost replication all ::1/128 md5\n");
        String appended = Files.readString(data.resolve("pg_hba.conf"));
        PostgresSettings s = settings().pgHba(List.of("host all all 127.0.0.1/32 md5")).build();
        new ConfigFiles(s, () -> 150004).appendHba(List.of("host all all 0.0.0.0/0 trust"),
                ServerParameters.resolve(s, V15));
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo(appended); // postgresql.pg_hba wins
        write(new ConfigFiles(s, () -> 150004), s, Optional.empty(), V15);
        assertThat(Files.readString(data.resolve("pg_hba.conf")))
                .isEqualTo(PostgresConfRenderer.HEADER + "host all all 127.0.0.1/32 md5\n");
    }

    @Test
    void reloadedHbaAndIdentAreWrittenUnlessEmptyOrTheUsersFile() throws Exception {
        PostgresSettings s = settings().pgHba(List.of("host all all 127.0.0.1/32 md5")).build();
        ConfigFiles files = new ConfigFiles(s, () -> 150004);
        ResolvedParameters p = ServerParameters.resolve(s, V15);
        assertThat(files.replaceHbaAndIdent(List.of("host all all 127.0.0.1/32 md5"), List.of(), p)).isFalse();
        assertThat(files.replaceHbaAndIdent(List.of("host all all 10.0.0.0/8 md5"), List.of("m os pg"), p)).isTrue();
        write(files, s, Optional.empty(), V15);
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).endsWith("host all all 10.0.0.0/8 md5\n");
        assertThat(Files.readString(data.resolve("pg_ident.conf"))).endsWith("m os pg\n");
        // an empty list (pg_hba removed from the configuration) leaves the file as it is, as Patroni does
        assertThat(files.replaceHbaAndIdent(List.of(), List.of(), p)).isFalse();
        write(files, s, Optional.empty(), V15);
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).endsWith("host all all 10.0.0.0/8 md5\n");

        // hba_file / ident_file elsewhere: the user's files, never written
        PostgresSettings own = settings().parameters(Map.of("hba_file", tmp.resolve("my_hba.conf").toString(),
                "ident_file", tmp.resolve("my_ident.conf").toString())).build();
        ConfigFiles theirs = new ConfigFiles(own, () -> 150004);
        assertThat(theirs.replaceHbaAndIdent(List.of("host all all 0.0.0.0/0 trust"), List.of("x y z"),
                ServerParameters.resolve(own, V15))).isFalse();
    }

    @Test
    void generatedConfWithoutBaseConfIsAnError() throws Exception {
        Files.writeString(data.resolve("postgresql.conf"), PostgresConfRenderer.HEADER);
        PostgresSettings s = settings().build();
        assertThatThrownBy(() -> write(new ConfigFiles(s, () -> 150004), s, Optional.empty(), V15))
                .hasMessageContaining("postgresql.base.conf is missing");
    }

    @Test
    void customConfIsIncludedAndBaseConfLeftAlone() throws Exception {
        PostgresSettings s = settings().customConf(tmp.resolve("custom.conf")).build();
        write(new ConfigFiles(s, () -> 150004), s, Optional.empty(), V15);
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

    /** A Debian layout: pg_createcluster's files in /etc/postgresql/15/main, initdb's own left in the data dir. */
    private Path debianConfigDir() throws Exception {
        Path etc = tmp.resolve("etc/15/main");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("postgresql.conf"), "data_directory = '" + data + "'\ninclude_dir = 'conf.d'\n");
        Files.writeString(etc.resolve("pg_hba.conf"), "local all postgres peer\n");
        Files.setPosixFilePermissions(etc.resolve("pg_hba.conf"), PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(etc.resolve("pg_ident.conf"), "# maps\n");
        return etc;
    }

    @Test
    void configDirHoldsEveryConfigurationFileAndTheDataDirectoryKeepsInitdbs() throws Exception {
        Path etc = debianConfigDir();
        PostgresSettings s = settings().configDir(etc).pgHba(List.of("host all all 127.0.0.1/32 md5")).build();
        ConfigFiles files = new ConfigFiles(s, () -> 150004);
        files.checkConfigDir();
        ConnectionTarget leader = ConnectionTarget.of("10.0.0.1", 5432, RoleCredentials.of("replicator", "pw"));
        write(files, s, Optional.of(StandbyConfig.following(leader, "node1")), V15);

        assertThat(files.postgresqlConf()).isEqualTo(etc.resolve("postgresql.conf"));
        assertThat(Files.readString(etc.resolve("postgresql.base.conf"))).startsWith("data_directory = ");
        assertThat(Files.readString(etc.resolve("postgresql.conf")))
                .startsWith(PostgresConfRenderer.HEADER + "include 'postgresql.base.conf'\n")
                .contains("hba_file = '" + etc.resolve("pg_hba.conf") + "'\nident_file = '"
                        + etc.resolve("pg_ident.conf") + "'\n\n# recovery.conf\n");
        assertThat(Files.readString(etc.resolve("pg_hba.conf")))
                .isEqualTo(PostgresConfRenderer.HEADER + "host all all 127.0.0.1/32 md5\n");
        assertThat(Files.getPosixFilePermissions(etc.resolve("pg_hba.conf")))
                .isEqualTo(PosixFilePermissions.fromString("rw-r-----")); // rewritten in place, as Patroni does
        assertThat(Files.readString(data.resolve("postgresql.conf"))).startsWith("# initdb's file");
        assertThat(data.resolve("postgresql.base.conf")).doesNotExist();
    }

    @Test
    void anEmptyConfigDirIsRefusedBeforeInitdbNamingIt() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("etc/empty"));
        PostgresSettings s = settings().configDir(empty).build();
        assertThatThrownBy(() -> new ConfigFiles(s, () -> 150004).checkConfigDir())
                .hasMessageContaining("postgresql.config_dir " + empty + " holds neither postgresql.conf nor"
                        + " postgresql.base.conf");
        assertThatThrownBy(() -> write(new ConfigFiles(s, () -> 150004), s, Optional.empty(), V15))
                .hasMessageContaining("postgresql.config_dir " + empty);
        new ConfigFiles(settings().build(), () -> 150004).checkConfigDir(); // config_dir = data_dir: initdb fills it
    }

    @Test
    void backupsGoToTheDataDirectoryAndACloneRestoresMissingFilesFromThem() throws Exception {
        Path etc = debianConfigDir();
        PostgresSettings s = settings().configDir(etc).build();
        ConfigFiles files = new ConfigFiles(s, () -> 150004);
        write(files, s, Optional.empty(), V15);
        files.saveConfigurationFiles();
        for (String f : List.of("postgresql.conf", "postgresql.base.conf", "pg_hba.conf", "pg_ident.conf")) {
            assertThat(Files.readString(data.resolve(f + ".backup"))).as(f)
                    .isEqualTo(Files.readString(etc.resolve(f)));
        }
        // a replica whose configuration directory is empty, cloned from this data directory
        Path otherEtc = Files.createDirectories(tmp.resolve("etc2"));
        ConfigFiles replica = new ConfigFiles(settings().configDir(otherEtc).build(), () -> 150004);
        replica.restoreMissingConfigurationFiles();
        assertThat(Files.readString(otherEtc.resolve("postgresql.base.conf")))
                .isEqualTo(Files.readString(etc.resolve("postgresql.base.conf")));
        assertThat(otherEtc.resolve("pg_hba.conf")).exists();
        Files.writeString(otherEtc.resolve("pg_hba.conf"), "mine\n");
        replica.restoreMissingConfigurationFiles();
        assertThat(Files.readString(otherEtc.resolve("pg_hba.conf"))).isEqualTo("mine\n"); // only missing ones
    }

    @Test
    void aCloneKeepsItsOwnOriginalConfAndNeverTakesAnotherDataDirectory() throws Exception {
        Path etc = debianConfigDir();
        PostgresSettings s = settings().configDir(etc).build();
        write(new ConfigFiles(s, () -> 150004), s, Optional.empty(), V15);
        new ConfigFiles(s, () -> 150004).saveConfigurationFiles(); // the source's: data_directory = its data

        // a replica made by pg_createcluster: its own postgresql.conf is to become its base, not the source's
        Path own = Files.createDirectories(tmp.resolve("etc-own"));
        Files.writeString(own.resolve("postgresql.conf"), "data_directory = '" + data + "' # mine\n");
        new ConfigFiles(settings().configDir(own).build(), () -> 150004).restoreMissingConfigurationFiles();
        assertThat(own.resolve("postgresql.base.conf")).doesNotExist();

        // a replica elsewhere with an empty configuration directory: the source's base points at the source's data
        Path otherData = Files.createDirectories(tmp.resolve("data2"));
        Files.copy(data.resolve("postgresql.base.conf.backup"), otherData.resolve("postgresql.base.conf.backup"));
        Path empty = Files.createDirectories(tmp.resolve("etc-empty"));
        new ConfigFiles(PostgresSettings.builder("node2", "demo", otherData, Path.of("/pg/bin")).configDir(empty)
                .build(), () -> 150004).restoreMissingConfigurationFiles();
        assertThat(empty.resolve("postgresql.base.conf")).doesNotExist();
    }

    @Test
    void beforeTwelveAReplicaGetsRecoveryConfAndNoSignalFile() throws Exception {
        ParameterCheck v11 = ParameterCheck.of(MajorVersion.parse("11"));
        PostgresSettings s = settings().recoveryParams(Map.of("restore_command", "cp /a/%f %p")).build();
        ConfigFiles files = new ConfigFiles(s, () -> 110022);
        ConnectionTarget leader = ConnectionTarget.of("10.0.0.1", 5432, RoleCredentials.of("replicator", "pw"));
        write(files, s, Optional.of(StandbyConfig.following(leader, "node1")), v11);
        files.writeStandbySignal(true, v11.version());

        assertThat(Files.readString(data.resolve("recovery.conf"))).isEqualTo(PostgresConfRenderer.HEADER
                + "primary_conninfo = 'user=replicator passfile=" + tmp.resolve("pgpass") + " host=10.0.0.1"
                + " port=5432 sslmode=prefer application_name=node1'\n"
                + "primary_slot_name = 'node1'\n"
                + "recovery_target_timeline = 'latest'\n"
                + "restore_command = 'cp /a/%f %p'\n"
                + "standby_mode = 'on'\n");
        assertThat(Files.getPosixFilePermissions(data.resolve("recovery.conf")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(data.resolve("postgresql.conf"))).doesNotContain("recovery")
                .contains("wal_keep_segments = '8'\n");
        assertThat(data.resolve("standby.signal")).doesNotExist();

        write(files, s, Optional.empty(), v11);
        assertThat(data.resolve("recovery.conf")).doesNotExist();
    }
}
