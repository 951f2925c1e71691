package io.jpatroni.ctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root command of {@code jpatronictl}. */
@Command(name = "jpatronictl", mixinStandardHelpOptions = true,
        versionProvider = JPatroniCtl.VersionProvider.class,
        description = "Command-line interface to a Patroni-compatible cluster.")
public final class JPatroniCtl implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new JPatroniCtl()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JPatroniCtl.class.getPackage().getImplementationVersion();
            return new String[] {"jpatronictl version " + (v == null ? "dev" : v)};
        }
    }
}
