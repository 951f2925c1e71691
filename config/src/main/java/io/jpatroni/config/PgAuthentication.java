package io.jpatroni.config;

import java.util.Optional;

/** {@code postgresql.authentication}. */
public record PgAuthentication(Optional<PgUser> superuser, Optional<PgUser> replication,
                               Optional<PgUser> rewind) {

    static PgAuthentication read(Section s) {
        PgAuthentication auth = new PgAuthentication(PgUser.read(s, "superuser"), PgUser.read(s, "replication"),
                PgUser.read(s, "rewind"));
        s.reportUnknownKeys();
        return auth;
    }
}
