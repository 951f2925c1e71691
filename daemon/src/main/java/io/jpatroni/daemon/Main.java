package io.jpatroni.daemon;

import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.ConfigReport;
import io.jpatroni.config.LoadedConfig;
import java.nio.file.Path;
import java.util.Map;

/** Entry point of the node agent: {@code jpatroni CONFIG.yml}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && "--version".equals(args[0])) {
            System.out.println("jpatroni " + Version.current());
            return;
        }
        if (args.length >= 1 && args.length <= 2 && "--validate-config".equals(args[0])) {
            System.exit(validateConfig(args.length == 2 ? args[1] : null, System.getenv()));
        }
        System.err.println("usage: jpatroni [--version] [--validate-config] CONFIG.yml");
        System.exit(2);
    }

    /** Prints every problem of the file (or of PATRONI_CONFIGURATION) on stderr; 1 if any is an error. */
    private static int validateConfig(String file, Map<String, String> env) {
        LoadedConfig loaded = file == null ? ConfigLoader.loadFromEnvironment(env)
                : ConfigLoader.load(Path.of(file), env);
        return ConfigReport.print(loaded, System.err);
    }
}
