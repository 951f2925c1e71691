package io.jpatroni.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.process.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Connection strings as Patroni renders them (format_dsn, primary_conninfo_params of
 * {@code patroni/postgresql/config.py}), with the libpq options of {@code postgresql.authentication}.
 */
class ConninfoTest {
    private static final Path PGPASS = Path.of("/var/lib/pg/pgpass");
    /** Every option, given in an order unlike Patroni's, to show the rendering order is the keyword list's. */
    private static final LibpqOptions TLS = new LibpqOptions(ordered("sslnegotiation", "direct",
            "channel_binding", "require", "gssencmode", "disable", "sslcrldir", "/etc/pg/crl.d",
            "sslcrl", "/etc/pg/root.crl", "sslrootcert", "/etc/pg/ca.crt", "sslkey", "/etc/pg/repl.key",
            "sslcert", "/etc/pg/repl.crt", "sslmode", "verify-full"), Optional.of(Password.of("key pass")));
    private static final ConnectionTarget LEADER = ConnectionTarget.of("10.0.0.1", 5434,
            new RoleCredentials("replicator", Optional.of(Password.of("replsecret")), TLS));

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void keywordOrderEscapingAndPassfileInsteadOfPassword() {
        Map<String, String> params = ordered("application_name", "node 2", "port", "5432", "password", "secret",
                "host", "h", "user", "o'neil\\x", "dbname", "db", "krbsrvname", "postgres", "unknown", "dropped");
        assertThat(Conninfo.format(params, 150000)).isEqualTo(
                "dbname=db user=o\\'neil\\\\x password=secret host=h port=5432 application_name=node\\ 2"
                        + " krbsrvname=postgres");
        params.put("passfile", "/tmp/pg pass");
        assertThat(Conninfo.format(params, 150000)).startsWith("dbname=db user=o\\'neil\\\\x"
                + " passfile=/tmp/pg\\ pass host=h").doesNotContain("secret");
    }

    @Test
    void basebackupDsnCarriesEveryOptionInPatronisOrder() {
        assertThat(LEADER.dsn(170000)).isEqualTo("dbname=postgres user=replicator host=10.0.0.1 port=5434"
                + " sslmode=verify-full sslcert=/etc/pg/repl.crt sslkey=/etc/pg/repl.key sslpassword=key\\ pass"
                + " sslrootcert=/etc/pg/ca.crt sslcrl=/etc/pg/root.crl sslcrldir=/etc/pg/crl.d gssencmode=disable"
                + " channel_binding=require sslnegotiation=direct");
    }

    @Test
    void keywordsTheLocalLibpqDoesNotKnowAreLeftOut() {
        assertThat(LEADER.dsn(150004)).doesNotContain("sslnegotiation").contains("sslcrldir=/etc/pg/crl.d")
                .contains("sslpassword=").contains("channel_binding=require");
        assertThat(LEADER.dsn(130000)).doesNotContain("sslcrldir").contains("sslpassword=")
                .contains("channel_binding=require").contains("gssencmode=disable");
        assertThat(LEADER.dsn(120000)).doesNotContain("sslpassword").doesNotContain("channel_binding")
                .contains("gssencmode=disable").contains("sslcrl=/etc/pg/root.crl");
        assertThat(LEADER.dsn(110000)).isEqualTo("dbname=postgres user=replicator host=10.0.0.1 port=5434"
                + " sslmode=verify-full sslcert=/etc/pg/repl.crt sslkey=/etc/pg/repl.key"
                + " sslrootcert=/etc/pg/ca.crt sslcrl=/etc/pg/root.crl");
    }

    @Test
    void primaryConninfoWithoutOptionsIsPatroni302s() {
        ConnectionTarget plain = ConnectionTarget.of("127.0.0.1", 5434, RoleCredentials.of("replicator", "replsecret"));
        assertThat(StandbyConfig.conninfo(plain, "node1", PGPASS, 150004)).isEqualTo("user=replicator"
                + " passfile=/var/lib/pg/pgpass host=127.0.0.1 port=5434 sslmode=prefer application_name=node1"
                + " gssencmode=prefer channel_binding=prefer");
    }

    @Test
    void primaryConninfoDefaultsFollowTheVersionAndNoPassfileWithoutAPassword() {
        ConnectionTarget noPassword = ConnectionTarget.of("h", 5432, new RoleCredentials("replicator",
                Optional.empty()));
        assertThat(StandbyConfig.conninfo(noPassword, "n1", PGPASS, 110000))
                .isEqualTo("user=replicator host=h port=5432 sslmode=prefer application_name=n1");
        assertThat(StandbyConfig.conninfo(noPassword, "n1", PGPASS, 120000))
                .isEqualTo("user=replicator host=h port=5432 sslmode=prefer application_name=n1 gssencmode=prefer");
        assertThat(StandbyConfig.conninfo(noPassword, "n1", PGPASS, 170000)).isEqualTo("user=replicator host=h"
                + " port=5432 sslmode=prefer application_name=n1 gssencmode=prefer channel_binding=prefer"
                + " sslnegotiation=postgres");
    }

    @Test
    void primaryConninfoCarriesTheReplicationUsersOptionsNotItsDatabase() {
        assertThat(StandbyConfig.conninfo(LEADER, "node2", PGPASS, 150004)).isEqualTo("user=replicator"
                + " passfile=/var/lib/pg/pgpass host=10.0.0.1 port=5434 sslmode=verify-full sslcert=/etc/pg/repl.crt"
                + " sslkey=/etc/pg/repl.key sslpassword=key\\ pass sslrootcert=/etc/pg/ca.crt"
                + " sslcrl=/etc/pg/root.crl sslcrldir=/etc/pg/crl.d application_name=node2 gssencmode=disable"
                + " channel_binding=require");
        Map<String, String> recovery = StandbyConfig.following(LEADER, "node2").render("node2", PGPASS,
                io.jpatroni.postgres.param.MajorVersion.parse("15"), 150004, Map.of());
        assertThat(recovery.get("primary_conninfo")).contains("sslmode=verify-full").doesNotContain("dbname");
    }

    @Test
    void aSslpasswordNeverShowsInACommandLineMessage() {
        Command cmd = Command.of(Duration.ofSeconds(1), List.of("pg_basebackup", "--dbname=" + LEADER.dsn(150004),
                "--progress"));
        assertThat(cmd.display()).contains("sslkey=/etc/pg/repl.key sslpassword=****** sslrootcert=/etc/pg/ca.crt")
                .doesNotContain("pass sslrootcert").endsWith(" --progress");
        assertThat(TLS.toString()).doesNotContain("key pass");
    }
}
