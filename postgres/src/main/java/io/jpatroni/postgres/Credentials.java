package io.jpatroni.postgres;

import java.util.Objects;
import java.util.Optional;

/** A PostgreSQL role name and its (optional) password. */
public record Credentials(String username, Optional<Secret> password) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        password = password == null ? Optional.empty() : password;
    }

    public static Credentials of(String username, String password) {
        return new Credentials(username, Optional.ofNullable(password).map(Secret::of));
    }
}
