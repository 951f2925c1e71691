package io.jpatroni.config;

import java.util.List;

/** A configuration and every problem found in it. Runnable only when {@code errors} is empty. */
public record LoadedConfig(PatroniConfig config, List<ConfigProblem> errors, List<ConfigProblem> warnings) {

    public LoadedConfig {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }
}
