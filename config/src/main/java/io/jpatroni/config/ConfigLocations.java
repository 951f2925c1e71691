package io.jpatroni.config;

import java.nio.file.Path;
import java.util.Map;

/** Where configuration files are looked for by default. */
public final class ConfigLocations {
    public static final String CTL_CONFIG_ENV = "PATRONICTL_CONFIG_FILE";

    private ConfigLocations() {
    }

    /** jpatronictl's config: {@code PATRONICTL_CONFIG_FILE}, else {@code ~/.config/patroni/patronictl.yaml}. */
    public static Path ctlConfigFile(Map<String, String> env, Path home) {
        String fromEnv = env.get(CTL_CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return home.resolve(".config").resolve("patroni").resolve("patronictl.yaml");
    }

    /** Same, for the current user. */
    public static Path ctlConfigFile() {
        return ctlConfigFile(System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
