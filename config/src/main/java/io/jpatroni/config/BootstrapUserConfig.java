package io.jpatroni.config;

import java.util.List;

/** A user created after bootstrap ({@code bootstrap.users} or {@code PATRONI_<user>_PASSWORD}). */
public record BootstrapUserConfig(Secret password, List<String> options) {
    public BootstrapUserConfig {
        options = List.copyOf(options);
    }
}
