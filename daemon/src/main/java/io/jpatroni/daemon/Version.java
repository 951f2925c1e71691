package io.jpatroni.daemon;

/** The version baked into the jar manifest at build time. */
final class Version {
    private Version() {
    }

    static String current() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
