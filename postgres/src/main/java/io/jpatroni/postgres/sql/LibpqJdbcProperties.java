package io.jpatroni.postgres.sql;

import io.jpatroni.postgres.LibpqOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * pgjdbc properties that make a JDBC connection negotiate as libpq would with the same options: Patroni's
 * connections go through libpq, which falls back on {@code PGSSLMODE}, {@code PGSSLCERT}... and then on
 * {@code ~/.postgresql/postgresql.crt}, {@code postgresql.key}, {@code root.crt}, {@code root.crl} for what the
 * configuration leaves out. TLS itself is {@link LibpqSslSocketFactory}'s, which reads the PEM files as libpq does
 * (pgjdbc's own factory wants a DER key). Pure: the environment and the home directory are arguments.
 */
public final class LibpqJdbcProperties {
    private static final Map<String, String> ENVIRONMENT = Map.of("sslmode", "PGSSLMODE", "sslcert", "PGSSLCERT",
            "sslkey", "PGSSLKEY", "sslrootcert", "PGSSLROOTCERT", "sslcrl", "PGSSLCRL", "sslcrldir", "PGSSLCRLDIR",
            "gssencmode", "PGGSSENCMODE", "channel_binding", "PGCHANNELBINDING", "sslnegotiation",
            "PGSSLNEGOTIATION");
    /** libpq option → pgjdbc property, where the names differ. */
    private static final Map<String, String> PGJDBC = Map.of("gssencmode", "gssEncMode", "channel_binding",
            "channelBinding", "sslnegotiation", "sslNegotiation");

    private LibpqJdbcProperties() {
    }

    /** The options as libpq would resolve them: configured, else from the environment, else libpq's defaults. */
    public static Map<String, String> resolve(LibpqOptions options, Map<String, String> env, Path home) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : LibpqOptions.NAMES) {
            options.get(name).or(() -> java.util.Optional.ofNullable(env.get(ENVIRONMENT.get(name))))
                    .filter(v -> !v.isEmpty()).ifPresent(v -> out.put(name, v));
        }
        Path dir = home.resolve(".postgresql");
        out.putIfAbsent("sslcert", dir.resolve("postgresql.crt").toString());
        out.putIfAbsent("sslkey", dir.resolve("postgresql.key").toString());
        out.putIfAbsent("sslrootcert", dir.resolve("root.crt").toString());
        out.putIfAbsent("sslcrl", dir.resolve("root.crl").toString());
        // libpq 16: the system's trusted roots imply full verification when sslmode is not given
        out.putIfAbsent("sslmode", "system".equals(out.get("sslrootcert")) ? "verify-full" : "prefer");
        return out;
    }

    /** The properties to add to a connection's (user, password, timeouts...). */
    public static Properties of(LibpqOptions options, Map<String, String> env, Path home) {
        Map<String, String> resolved = resolve(options, env, home);
        Properties p = new Properties();
        p.setProperty("sslmode", resolved.get("sslmode"));
        if (!"disable".equals(resolved.get("sslmode"))) {
            p.setProperty("sslfactory", LibpqSslSocketFactory.class.getName());
            for (String name : new String[] {"sslcert", "sslkey", "sslrootcert", "sslcrl", "sslcrldir"}) {
                if (resolved.containsKey(name)) {
                    p.setProperty(LibpqSslSocketFactory.PREFIX + name, resolved.get(name));
                }
            }
            options.sslpassword().ifPresent(s -> p.setProperty(LibpqSslSocketFactory.PREFIX + "sslpassword",
                    s.value()));
            p.setProperty(LibpqSslSocketFactory.PREFIX + "sslmode", resolved.get("sslmode"));
        }
        PGJDBC.forEach((libpq, pgjdbc) -> {
            if (resolved.containsKey(libpq)) {
                p.setProperty(pgjdbc, resolved.get(libpq));
            }
        });
        return p;
    }
}
