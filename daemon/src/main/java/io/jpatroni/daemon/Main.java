package io.jpatroni.daemon;

import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.ConfigReport;
import io.jpatroni.config.LoadedConfig;
import io.jpatroni.daemon.exec.FatalException;
import io.jpatroni.daemon.logging.LogSetup;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the node agent: {@code jpatroni CONFIG.yml}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        if (args.length == 1 && "--version".equals(args[0])) {
            System.out.println("jpatroni " + Version.current());
            return;
        }
        if (args.length >= 1 && args.length <= 2 && "--validate-config".equals(args[0])) {
            System.exit(validateConfig(args.length == 2 ? args[1] : null, env));
        }
        boolean fromEnv = args.length == 0 && env.containsKey(ConfigLoader.CONFIGURATION_ENV);
        if (args.length != 1 && !fromEnv || args.length == 1 && args[0].startsWith("-")) {
            System.err.println("usage: jpatroni [--version] [--validate-config] CONFIG.yml");
            System.exit(2);
        }
        if (RootGuard.isRoot()) {
            System.err.println(RootGuard.MESSAGE);
            System.exit(1);
        }
        System.exit(runAgent(fromEnv ? null : Path.of(args[0]), env));
    }

    private static int runAgent(Path file, Map<String, String> env) {
        LogSetup.bridgeJul();
        Logger log = LoggerFactory.getLogger(Main.class);
        LoadedConfig loaded = file == null ? ConfigLoader.loadFromEnvironment(env) : ConfigLoader.load(file, env);
        if (!loaded.isValid()) {
            ConfigReport.print(loaded, System.err);
            return 1;
        }
        var logConfig = loaded.config().log();
        LogSetup.apply(logConfig.level(), logConfig.dir().map(Path::of), logConfig.fileNum(), logConfig.fileSize());
        // after LogSetup, so that keys not acted on yet are named where log.dir sends the log
        loaded.warnings().forEach(w -> log.warn("{}", w.render()));
        try {
            return new NodeAgent(loaded.config(), file).run();
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
