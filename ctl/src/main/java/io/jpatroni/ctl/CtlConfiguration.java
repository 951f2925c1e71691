package io.jpatroni.ctl;

import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.ConfigLocations;
import io.jpatroni.config.ConfigProblem;
import io.jpatroni.config.LoadedConfig;
import io.jpatroni.config.PatroniConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * patronictl's {@code load_config}: which file is read, and what the environment adds.
 *
 * <ul>
 *   <li>the file is {@code -c}, else {@code PATRONICTL_CONFIG_FILE}, else the default
 *       {@code $XDG_CONFIG_HOME/patroni/patronictl.yaml} ({@code ~/.config/...} without XDG_CONFIG_HOME);</li>
 *   <li>a readable file is read with the {@code PATRONI_*} variables over it (the variables win);</li>
 *   <li>a file that was named ({@code -c} or the variable) but cannot be read is an error;</li>
 *   <li>a missing default file leaves the environment alone: {@code PATRONI_CONFIGURATION}, else the variables.</li>
 * </ul>
 * Problems found are printed as warnings, the run goes on: a verb that needs what is missing says so itself.
 */
final class CtlConfiguration {
    private CtlConfiguration() {
    }

    /** The configuration for a run with {@code -c} {@code dashC} (if given), in {@code env}. */
    static PatroniConfig load(Optional<Path> dashC, Map<String, String> env, String accountHome, PrintStream err) {
        Path defaultFile = ConfigLocations.ctlDefaultConfigFile(env, accountHome);
        Optional<Path> named = dashC.or(() -> Optional.ofNullable(env.get(ConfigLocations.CTL_CONFIG_ENV))
                .filter(s -> !s.isEmpty()).map(Path::of));
        Path file = named.orElse(defaultFile);
        boolean readable = Files.isRegularFile(file) && Files.isReadable(file);
        if (!readable && !file.equals(defaultFile)) {
            throw new CtlException("Provided config file " + file
                    + " not existing or no read rights. Check the -c/--config-file parameter");
        }
        LoadedConfig loaded = readable ? ConfigLoader.loadForCtl(file, env)
                : ConfigLoader.loadForCtlFromEnvironment(env);
        String origin = readable ? file.toString() : "environment";
        for (ConfigProblem p : loaded.errors()) {
            if (!isMissingDcs(p, loaded.config())) {
                err.println("WARNING: " + origin + ": " + p.render());
            }
        }
        return loaded.config();
    }

    /** No DCS at all: said once, as patronictl says it, when a verb needs the DCS (unless {@code -d} gives one). */
    private static boolean isMissingDcs(ConfigProblem problem, PatroniConfig config) {
        return config.etcd().isEmpty() && config.zookeeper().isEmpty() && "etcd3".equals(problem.path());
    }
}
