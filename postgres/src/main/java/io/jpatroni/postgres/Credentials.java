package io.jpatroni.postgres;

import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL role name, its (optional) password and the libpq options of its {@code postgresql.authentication}
 * entry (TLS files and modes), which go with it to every connection, as Patroni's connection keywords do.
 */
public record Credentials(String username, Optional<Secret> password, LibpqOptions libpq) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        password = password == null ? Optional.empty() : password;
        libpq = libpq == null ? LibpqOptions.NONE : libpq;
    }

    public Credentials(String username, Optional<Secret> password) {
        this(username, password, LibpqOptions.NONE);
    }

    public static Credentials of(String username, String password) {
        return new Credentials(username, Optional.ofNullable(password).map(Secret::of));
    }
}
