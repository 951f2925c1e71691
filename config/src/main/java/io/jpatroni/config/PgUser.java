package io.jpatroni.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL user from {@code postgresql.authentication}: username, password and libpq connection
 * options (sslmode, sslcert, sslkey, sslrootcert, sslcrl, sslcrldir, gssencmode, channel_binding...).
 */
public record PgUser(String username, Optional<Secret> password, Optional<Secret> sslpassword,
                     Map<String, String> options) {

    static final List<String> OPTIONS = List.of("sslmode", "sslkey", "sslcert",
            "sslrootcert", "sslcrl", "sslcrldir", "gssencmode", "channel_binding", "sslnegotiation");

    public PgUser {
        options = Map.copyOf(options);
    }

    static Optional<PgUser> read(Section parent, String key) {
        if (!parent.has(key)) {
            return Optional.empty();
        }
        Section s = parent.section(key);
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : OPTIONS) {
            s.string(option).ifPresent(v -> options.put(option, v));
        }
        PgUser user = new PgUser(s.string("username", ""), s.secret("password"), s.secret("sslpassword"),
                options);
        s.reportUnknownKeys();
        return Optional.of(user);
    }
}
