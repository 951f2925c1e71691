package io.jpatroni.postgres;

import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL role name, its (optional) password and the libpq options of its {@code postgresql.authentication}
 * entry (TLS files and modes), which go with it to every connection, as Patroni's connection keywords do.
 */
public record RoleCredentials(String username, Optional<Password> password, LibpqOptions libpq) {
    public RoleCredentials {
        Objects.requireNonNull(username, "username");
        password = password == null ? Optional.empty() : password;
        libpq = libpq == null ? LibpqOptions.NONE : libpq;
    }

    public RoleCredentials(String username, Optional<Password> password) {
        this(username, password, LibpqOptions.NONE);
    }

    public static RoleCredentials of(String username, String password) {
        return new RoleCredentials(username, Optional.ofNullable(password).map(Password::of));
    }
}
