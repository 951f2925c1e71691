package io.jpatroni.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The version baked into the jar manifest at build time, and the git commit the build was made from. */
final class Version {
    /** Written by the build ({@code git describe --always --dirty}, see daemon/pom.xml). */
    static final String COMMIT_RESOURCE = "/io/jpatroni/daemon/commit";

    private Version() {
    }

    static String current() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The commit ({@code 1e77683abcde}, {@code -dirty} when the tree had changes), or {@code unknown}. */
    static String commit() {
        try (InputStream in = Version.class.getResourceAsStream(COMMIT_RESOURCE)) {
            String c = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return c.isEmpty() ? "unknown" : c;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** What {@code jpatroni --version} prints. */
    static String line() {
        return "jpatroni " + current() + " (commit " + commit() + ")";
    }
}
