package io.jpatroni.daemon;

import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.ConfigReport;
import io.jpatroni.config.ConfigSource;
import io.jpatroni.config.LoadedConfig;
import io.jpatroni.daemon.logging.LogSetup;
import io.jpatroni.daemon.loop.FatalException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the node agent: {@code jpatroni [CONFIG.yml]} (without a file, the PATRONI_* variables). */
public final class Main {
    private static final String USAGE = "usage: jpatroni [--version] [--validate-config] [CONFIG.yml]";

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        if (args.length == 1 && "--version".equals(args[0])) {
            System.out.println(Version.line());
            return;
        }
        if (args.length >= 1 && args.length <= 2 && "--validate-config".equals(args[0])) {
            System.exit(validateConfig(args.length == 2 ? args[1] : null, env));
        }
        if (args.length > 1 || args.length == 1 && args[0].startsWith("-")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Optional<ConfigSource> source = ConfigSource.forAgent(Arrays.stream(args).findFirst(), env);
        if (source.isEmpty()) {
            System.err.println(USAGE);
            System.err.println("No configuration: give CONFIG.yml, or set " + ConfigLoader.CONFIGURATION_ENV
                    + " or the PATRONI_* variables");
            System.exit(2);
        }
        if (RootGuard.isRoot()) {
            System.err.println(RootGuard.MESSAGE);
            System.exit(1);
        }
        System.exit(runAgent(source.get(), env));
    }

    private static int runAgent(ConfigSource source, Map<String, String> env) {
        LogSetup.bridgeJul();
        Logger log = LoggerFactory.getLogger(Main.class);
        LoadedConfig loaded = source.load(env);
        if (!loaded.isValid()) {
            ConfigReport.print(loaded, System.err);
            return 1;
        }
        var logConfig = loaded.config().log();
        LogSetup.apply(logConfig);
        // after LogSetup, so that keys not acted on yet are named where log.dir sends the log
        loaded.warnings().forEach(w -> log.warn("{}", w.render()));
        try {
            return new NodeAgent(loaded.config(), source).run();
        } catch (FatalException e) {
            log.error("{}", e.getMessage());
            return 1;
        } catch (Exception e) {
            log.error("jpatroni stopped: {}", e.getMessage(), e);
            return 1;
        }
    }

    /** Prints every problem of the file (or of PATRONI_CONFIGURATION) on stderr; 1 if any is an error. */
    private static int validateConfig(String file, Map<String, String> env) {
        LoadedConfig loaded = file == null ? ConfigLoader.loadFromEnvironment(env)
                : ConfigLoader.load(Path.of(file), env);
        return ConfigReport.print(loaded, System.err);
    }
}
