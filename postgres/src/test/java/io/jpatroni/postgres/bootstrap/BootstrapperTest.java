package io.jpatroni.postgres.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.LibpqOptions;
import io.jpatroni.postgres.Password;
import io.jpatroni.postgres.sql.PostgresQueries;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Map;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.config.ConfigFiles;
import io.jpatroni.postgres.process.FakeProcessRunner;
import io.jpatroni.postgres.process.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapperTest {
    @TempDir
    Path tmp;

    @Test
    void initdbGetsOptionsSuperuserAndPasswordFile() {
        PostgresSettings s = PostgresSettings.builder("pg0", "demo", tmp.resolve("data"), Path.of("/pg/bin"))
                .credentials(RoleCredentials.of("admin", "s3cret"), RoleCredentials.of("replicator", "r"),
                        RoleCredentials.of("rewind_user", "w")).build();
        String[] pwfileContent = new String[1];
        FakeProcessRunner runner = new FakeProcessRunner().on("initdb", c -> {
            String pw = c.args().stream().filter(a -> a.startsWith("--pwfile=")).findFirst().orElseThrow();
            try {
                pwfileContent[0] = Files.readString(Path.of(pw.substring("--pwfile=".length())));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new ProcessResult(0, "", "");
        });
        new Bootstrapper(s, runner, new ConfigFiles(s, () -> 150004)).initdb(List.of(InitdbOption.of("encoding", "UTF8"),
                InitdbOption.flag("data-checksums"), InitdbOption.of("locale", "en_US.UTF-8"),
                InitdbOption.of("username", "ignored")));
        List<String> args = runner.commands().get(0).args();
        assertThat(args.subList(0, 6)).containsExactly("/pg/bin/initdb", "--pgdata=" + tmp.resolve("data"),
                "--encoding=UTF8", "--data-checksums", "--locale=en_US.UTF-8", "--username=admin");
        assertThat(args.get(6)).startsWith("--pwfile=");
        assertThat(String.join(" ", args)).doesNotContain("s3cret").doesNotContain("ignored");
        assertThat(pwfileContent[0]).isEqualTo("s3cret\n");
        assertThat(Path.of(args.get(6).substring("--pwfile=".length()))).doesNotExist();
    }

    @Test
    void postBootstrapGetsTheSuperusersConninfoWithItsLibpqOptions() {
        LibpqOptions tls = new LibpqOptions(Map.of("sslmode", "verify-ca", "sslcert", "/etc/pg/su.crt",
                "sslkey", "/etc/pg/su.key", "sslrootcert", "/etc/pg/ca.crt"), Optional.empty());
        PostgresSettings s = PostgresSettings.builder("pg0", "demo", tmp.resolve("data"), Path.of("/pg/bin"))
                .listen("127.0.0.1", 5433)
                .credentials(new RoleCredentials("admin", Optional.of(Password.of("s3cret")), tls),
                        RoleCredentials.of("replicator", "r"), RoleCredentials.of("admin", "s3cret")).build();
        FakeProcessRunner runner = new FakeProcessRunner().on("post_init.sh", 0, "", "");
        List<String> sql = new ArrayList<>();
        PostgresQueries queries = (PostgresQueries) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PostgresQueries.class}, (proxy, method, args) -> {
                    sql.add(String.valueOf(args[0]));
                    return null;
                });
        new Bootstrapper(s, runner, new ConfigFiles(s, () -> 150004)).postBootstrap(new BootstrapSpec(List.of(),
                List.of(), List.of(), Optional.of("/usr/local/bin/post_init.sh --quiet")), queries);
        var cmd = runner.commands("post_init.sh").get(0);
        assertThat(cmd.args()).containsExactly("/usr/local/bin/post_init.sh", "--quiet", "dbname=postgres user=admin"
                + " host=127.0.0.1 port=5433 sslmode=verify-ca sslcert=/etc/pg/su.crt sslkey=/etc/pg/su.key"
                + " sslrootcert=/etc/pg/ca.crt");
        assertThat(cmd.env()).containsEntry("PGPASSFILE", tmp.resolve("pgpass").toString());
        assertThat(sql).anyMatch(q -> q.contains("CREATE ROLE \"replicator\""));
    }

    @Test
    void roleSqlLikePatroni() {
        assertThat(RoleSql.createOrUpdate("rep\"l", Optional.of("p'w"), List.of("replication")))
                .contains("PERFORM * FROM pg_catalog.pg_authid WHERE rolname = 'rep\"l';")
                .contains("ALTER ROLE \"rep\"\"l\" WITH REPLICATION LOGIN PASSWORD 'p''w';")
                .contains("CREATE ROLE \"rep\"\"l\" WITH REPLICATION LOGIN PASSWORD 'p''w';")
                .contains("SET local synchronous_commit = 'local';");
        assertThat(RoleSql.createOrUpdate("x", Optional.empty(), List.of("nologin"))).contains("WITH NOLOGIN;");
        assertThat(RoleSql.grantExecute(RoleSql.REWIND_FUNCTIONS.get(0), "rewind_user"))
                .isEqualTo("GRANT EXECUTE ON function pg_catalog.pg_ls_dir(text, boolean, boolean) TO \"rewind_user\"");
    }
}
