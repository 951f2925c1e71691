package io.jpatroni.it.support;

import java.nio.file.Path;

/** The repository checkout the tests run from (set by failsafe as {@code jpatroni.repo}). */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        return Path.of(System.getProperty("jpatroni.repo", "..")).toAbsolutePath().normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
