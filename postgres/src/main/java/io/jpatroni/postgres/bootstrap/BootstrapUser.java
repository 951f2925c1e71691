package io.jpatroni.postgres.bootstrap;

import io.jpatroni.postgres.Password;
import java.util.List;
import java.util.Optional;

/** A {@code bootstrap.users} entry: a role created after initdb, with options such as {@code createdb}. */
public record BootstrapUser(String name, Optional<Password> password, List<String> options) {
    public BootstrapUser {
        options = List.copyOf(options);
    }
}
