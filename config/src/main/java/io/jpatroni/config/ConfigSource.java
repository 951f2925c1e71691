package io.jpatroni.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a node's local configuration comes from, read at start and again on every reload (SIGHUP, {@code POST
 * /reload}): a file (with the {@code PATRONI_*} variables over it), or, as {@code patroni} run without an argument,
 * the environment alone ({@code PATRONI_CONFIGURATION}, else the {@code PATRONI_*} variables).
 */
public sealed interface ConfigSource {

    /** Reads the configuration again, with {@code env} (usually {@code System.getenv()}). */
    LoadedConfig load(Map<String, String> env);

    /** For log lines: the file, or which variables. */
    String describe(Map<String, String> env);

    /**
     * The configuration file given on the command line, else the environment when it holds any Patroni setting;
     * empty when there is neither. A relative path is made absolute against the working directory once, so every
     * reload reads the file the node started with.
     */
    static Optional<ConfigSource> forAgent(Optional<String> argument, Map<String, String> env) {
        if (argument.isPresent()) {
            return Optional.of(new File(Path.of(argument.get()).toAbsolutePath().normalize()));
        }
        boolean anySetting = env.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith(EnvOverlay.PREFIX) && !e.getValue().isEmpty());
        return anySetting ? Optional.of(new Environment()) : Optional.empty();
    }

    /** A YAML file, overridden by the {@code PATRONI_*} variables. */
    record File(Path path) implements ConfigSource {
        @Override
        public LoadedConfig load(Map<String, String> env) {
            return ConfigLoader.load(path, env);
        }

        @Override
        public String describe(Map<String, String> env) {
            return path.toString();
        }
    }

    /** No file: {@code PATRONI_CONFIGURATION} when set, else the configuration the variables describe. */
    record Environment() implements ConfigSource {
        @Override
        public LoadedConfig load(Map<String, String> env) {
            return ConfigLoader.loadFromEnvironment(env);
        }

        @Override
        public String describe(Map<String, String> env) {
            String whole = env.get(ConfigLoader.CONFIGURATION_ENV);
            return whole != null && !whole.isBlank() ? "the environment variable " + ConfigLoader.CONFIGURATION_ENV
                    : "the PATRONI_* environment variables";
        }
    }
}
