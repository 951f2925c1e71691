package io.jpatroni.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.TestResources;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Compares rendered files with what Patroni 3.0.2 wrote on a real node (node1 following node3). */
class PostgresConfRendererTest {
    private static final Path DATA = Path.of("/var/lib/pgdemo/node1/data");

    private static PostgresSettings node1() {
        return PostgresSettings.builder("node1", "demo", DATA, Path.of("/usr/lib/postgresql/15/bin"))
                .listen("127.0.0.1", 5432)
                .pgpass(Path.of("/var/lib/pgdemo/node1/pgpass"))
                .parameters(Map.of("unix_socket_directories", "/var/lib/pgdemo/node1/sock", "max_connections", "100",
                        "wal_level", "replica", "hot_standby", "on", "max_wal_senders", "10",
                        "max_replication_slots", "10", "wal_log_hints", "on"))
                .build();
    }

    private static final ParameterCheck V15 = ParameterCheck.of(MajorVersion.parse("15"));

    @Test
    void replicaConfMatchesPatroni() {
        PostgresSettings s = node1();
        ConnectionTarget leader = ConnectionTarget.of("127.0.0.1", 5434, RoleCredentials.of("replicator", "replsecret"));
        ResolvedParameters p = ServerParameters.resolve(s, V15);
        Map<String, String> recovery = RecoveryConf.render(StandbyConfig.following(leader, "node1")
                .render(s.name(), s.pgpass(), V15.version(), 150004, p.recovery()), V15).params();
        String conf = PostgresConfRenderer.render(ConfigFiles.BASE_CONF, p.conf(),
                DATA.resolve("pg_hba.conf"), DATA.resolve("pg_ident.conf"), recovery);
        assertThat(conf).isEqualTo(TestResources.read("patroni-3.0.2/replica_postgresql.conf"));
        assertThat(conf).doesNotContain("replsecret");
    }

    @Test
    void leaderConfMatchesPatroni() {
        PostgresSettings s = node1().toBuilder().listen("127.0.0.1", 5434)
                .parameter("unix_socket_directories", "/var/lib/pgdemo/node3/sock").build();
        Path data3 = Path.of("/var/lib/pgdemo/node3/data");
        String conf = PostgresConfRenderer.render(ConfigFiles.BASE_CONF, ServerParameters.resolve(s, V15).conf(),
                data3.resolve("pg_hba.conf"), data3.resolve("pg_ident.conf"), Map.of());
        assertThat(conf).isEqualTo(TestResources.read("patroni-3.0.2/leader_postgresql.conf"));
    }

    @Test
    void commandLineHoldsTheReplicationCriticalSettings() {
        List<String> args = ServerParameters.commandLine(ServerParameters.resolve(node1(), V15).conf());
        assertThat(args).containsExactly("--listen_addresses=127.0.0.1", "--port=5432", "--cluster_name=demo",
                "--wal_level=replica", "--hot_standby=on", "--max_connections=100", "--max_wal_senders=10",
                "--max_prepared_transactions=0", "--max_locks_per_transaction=64", "--track_commit_timestamp=off",
                "--max_replication_slots=10", "--max_worker_processes=8", "--wal_log_hints=on");
    }

    @Test
    void hbaMatchesPatroni() {
        String hba = LinesFileRenderer.render(List.of("local all all trust",
                "host replication replicator 127.0.0.1/32 md5", "host all all 127.0.0.1/32 md5"));
        assertThat(hba).isEqualTo(TestResources.read("patroni-3.0.2/replica_pg_hba.conf"));
    }

    @Test
    void appendKeepsExistingLines() {
        assertThat(LinesFileRenderer.append("local all all trust", List.of("host all all 0.0.0.0/0 md5")))
                .isEqualTo("local all all trust\nhost all all 0.0.0.0/0 md5\n");
    }

    @Test
    void quotesValues() {
        assertThat(ConfQuoting.confValue("it's")).isEqualTo("'it''s'");
        assertThat(ConfQuoting.conninfoValue("a b")).isEqualTo("'a b'");
        assertThat(ConfQuoting.conninfoValue("x'y")).isEqualTo("'x\\'y'");
        assertThat(ConfQuoting.conninfoValue("plain")).isEqualTo("plain");
    }

    @Test
    void pgpassEscapesAndSkipsPasswordless() {
        String pgpass = PgPass.render(List.of(
                ConnectionTarget.of("::1", 5432, RoleCredentials.of("rep", "a:b\\c")),
                ConnectionTarget.of("h", 5433, new RoleCredentials("nopw", Optional.empty()))));
        assertThat(pgpass).isEqualTo("\\:\\:1:5432:*:rep:a\\:b\\\\c\n");
    }

    @Test
    void dsnEscapesLikePatroni() {
        ConnectionTarget t = new ConnectionTarget("h", 5432, RoleCredentials.of("o'neil x", "pw"), "my\\db");
        assertThat(t.dsn(150004)).isEqualTo("dbname=my\\\\db user=o\\'neil\\ x host=h port=5432");
        assertThat(t.toString()).doesNotContain("pw");
    }

    @Test
    void customConfReplacesBaseInclude() {
        String conf = PostgresConfRenderer.render("/etc/custom.conf", Map.of(), DATA.resolve("pg_hba.conf"),
                DATA.resolve("pg_ident.conf"), Map.of());
        assertThat(conf).contains("include '/etc/custom.conf'\n");
    }
}
