package io.jpatroni.config;

import java.nio.file.Path;
import java.util.Map;

/** Where configuration files are looked for by default. */
public final class ConfigLocations {
    public static final String CTL_CONFIG_ENV = "PATRONICTL_CONFIG_FILE";
    static final String XDG_CONFIG_HOME = "XDG_CONFIG_HOME";

    private ConfigLocations() {
    }

    /**
     * patronictl's default file, where click's {@code get_app_dir('patroni')} puts it on Linux:
     * {@code $XDG_CONFIG_HOME/patroni/patronictl.yaml}, else {@code ~/.config/patroni/patronictl.yaml}, the home
     * directory being {@code $HOME} as Python's {@code expanduser} reads it, else {@code accountHome}.
     * {@code PATRONICTL_CONFIG_FILE} does not move the default: it names a file that must exist.
     */
    public static Path ctlDefaultConfigFile(Map<String, String> env, String accountHome) {
        String xdg = env.get(XDG_CONFIG_HOME);
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : home(env, accountHome).resolve(".config");
        return base.resolve("patroni").resolve("patronictl.yaml");
    }

    static Path home(Map<String, String> env, String accountHome) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : accountHome);
    }
}
