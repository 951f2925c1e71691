package io.jpatroni.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.LibpqOptions;
import io.jpatroni.postgres.Password;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** libpq's resolution of TLS options (configured, PGSSL* variables, ~/.postgresql files) mapped onto pgjdbc. */
class LibpqJdbcPropertiesTest {
    private static final Path HOME = Path.of("/var/lib/postgresql");
    private static final String P = LibpqSslSocketFactory.PREFIX;

    @Test
    void nothingConfiguredMeansLibpqsDefaultsPreferAndTheFilesUnderHome() {
        Properties p = LibpqJdbcProperties.of(LibpqOptions.NONE, Map.of(), HOME);
        assertThat(p).containsEntry("sslmode", "prefer")
                .containsEntry("sslfactory", LibpqSslSocketFactory.class.getName())
                .containsEntry(P + "sslmode", "prefer")
                .containsEntry(P + "sslcert", "/var/lib/postgresql/.postgresql/postgresql.crt")
                .containsEntry(P + "sslkey", "/var/lib/postgresql/.postgresql/postgresql.key")
                .containsEntry(P + "sslrootcert", "/var/lib/postgresql/.postgresql/root.crt")
                .containsEntry(P + "sslcrl", "/var/lib/postgresql/.postgresql/root.crl")
                .doesNotContainKeys("gssEncMode", "channelBinding", "sslNegotiation", P + "sslcrldir",
                        P + "sslpassword");
    }

    @Test
    void configuredOptionsWinOverTheEnvironmentWhichWinsOverTheDefaults() {
        LibpqOptions options = new LibpqOptions(Map.of("sslmode", "verify-full", "sslcert", "/etc/pg/su.crt",
                "gssencmode", "disable", "sslnegotiation", "direct"), Optional.of(Password.of("kp")));
        Map<String, String> env = Map.of("PGSSLMODE", "require", "PGSSLKEY", "/env/su.key", "PGSSLROOTCERT",
                "/env/ca.crt", "PGSSLCRLDIR", "/env/crl.d", "PGCHANNELBINDING", "require", "PGSSLCERT", "/env/x.crt");
        Properties p = LibpqJdbcProperties.of(options, env, HOME);
        assertThat(p).containsEntry("sslmode", "verify-full").containsEntry(P + "sslmode", "verify-full")
                .containsEntry(P + "sslcert", "/etc/pg/su.crt").containsEntry(P + "sslkey", "/env/su.key")
                .containsEntry(P + "sslrootcert", "/env/ca.crt").containsEntry(P + "sslcrldir", "/env/crl.d")
                .containsEntry(P + "sslcrl", "/var/lib/postgresql/.postgresql/root.crl")
                .containsEntry(P + "sslpassword", "kp").containsEntry("gssEncMode", "disable")
                .containsEntry("channelBinding", "require").containsEntry("sslNegotiation", "direct");
    }

    @Test
    void disableTurnsTlsOffAndSystemRootsDefaultToVerifyFull() {
        Properties off = LibpqJdbcProperties.of(new LibpqOptions(Map.of("sslmode", "disable", "sslcert", "/c"),
                Optional.empty()), Map.of(), HOME);
        assertThat(off).containsEntry("sslmode", "disable").doesNotContainKeys("sslfactory", P + "sslcert");
        Properties system = LibpqJdbcProperties.of(LibpqOptions.NONE, Map.of("PGSSLROOTCERT", "system"), HOME);
        assertThat(system).containsEntry("sslmode", "verify-full").containsEntry(P + "sslrootcert", "system");
    }
}
