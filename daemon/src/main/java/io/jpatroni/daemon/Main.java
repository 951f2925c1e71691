package io.jpatroni.daemon;

/** Entry point of the node agent: {@code jpatroni CONFIG.yml}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && "--version".equals(args[0])) {
            System.out.println("jpatroni " + Version.current());
            return;
        }
        System.err.println("usage: jpatroni [--version] [--validate-config] CONFIG.yml");
        System.exit(2);
    }
}
