package io.jpatroni.config;

import java.util.List;

/** A user created after bootstrap ({@code bootstrap.users} or {@code PATRONI_<user>_PASSWORD}). */
public record BootstrapUser(Secret password, List<String> options) {
    public BootstrapUser {
        options = List.copyOf(options);
    }
}
