package io.jpatroni.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** PostgreSQL refuses to run as root, and so does jpatroni. */
final class RootGuard {
    static final String MESSAGE = "jpatroni must not run as root: PostgreSQL refuses to, and jpatroni manages it."
            + " Run it as the database owner, e.g. `runuser -u postgres -- jpatroni CONFIG.yml`"
            + " (systemd: User=postgres).";

    private RootGuard() {
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
