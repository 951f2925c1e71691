package io.jpatroni.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a Patroni configuration: the YAML file, then {@code PATRONI_*} environment overrides, then
 * validation, then the keys {@link ConfigKeys} lists as refused (errors) or not acted on (warnings).
 * Never throws for a bad file: every problem ends up in the returned {@link LoadedConfig}.
 */
public final class ConfigLoader {
    public static final String CONFIGURATION_ENV = "PATRONI_CONFIGURATION";

    private final FileChecks files;
    private final boolean nodeChecks;

    private ConfigLoader(FileChecks files, boolean nodeChecks) {
        this.files = files;
        this.nodeChecks = nodeChecks;
    }

    /** Loads {@code file}, with {@code env} (usually {@code System.getenv()}) overriding it. */
    public static LoadedConfig load(Path file, Map<String, String> env) {
        return new ConfigLoader(FileChecks.REAL, true).loadFile(file, env);
    }

    /** Loads YAML text, with {@code env} overriding it. */
    public static LoadedConfig loadFromString(String yaml, Map<String, String> env) {
        return new ConfigLoader(FileChecks.REAL, true).load(yaml, env);
    }

    /**
     * Loads with no file: the whole YAML from {@code PATRONI_CONFIGURATION} (other variables are then
     * not read, as in Patroni), else the configuration the {@code PATRONI_*} variables alone describe.
     */
    public static LoadedConfig loadFromEnvironment(Map<String, String> env) {
        return new ConfigLoader(FileChecks.REAL, true).fromEnvironment(env);
    }

    /**
     * Loads a file for jpatronictl: types, unknown keys and the DCS section are checked, but not what
     * only a running node needs (name, restapi/postgresql addresses, data_dir, users, bin_dir), nor the
     * keys a node refuses or does not act on ({@link UnsupportedKeys}).
     */
    public static LoadedConfig loadForCtl(Path file, Map<String, String> env) {
        return new ConfigLoader(FileChecks.REAL, false).loadFile(file, env);
    }

    /**
     * jpatronictl without a readable configuration file: {@code PATRONI_CONFIGURATION}, else the {@code PATRONI_*}
     * variables, checked as {@link #loadForCtl} checks a file.
     */
    public static LoadedConfig loadForCtlFromEnvironment(Map<String, String> env) {
        return new ConfigLoader(FileChecks.REAL, false).fromEnvironment(env);
    }

    static ConfigLoader withFileChecks(FileChecks files) {
        return new ConfigLoader(files, true);
    }

    LoadedConfig loadFile(Path file, Map<String, String> env) {
        try {
            return load(Files.readString(file, StandardCharsets.UTF_8), env);
        } catch (NoSuchFileException e) {
            return failed(ConfigProblem.of("", file, "no such configuration file"));
        } catch (IOException e) {
            return failed(ConfigProblem.of("", file, "cannot be read: " + e.getClass().getSimpleName()));
        }
    }

    LoadedConfig fromEnvironment(Map<String, String> env) {
        Optional<String> whole = Optional.ofNullable(env.get(CONFIGURATION_ENV)).filter(s -> !s.isBlank());
        return whole.map(yaml -> load(yaml, Map.<String, String>of())).orElseGet(() -> load("", env));
    }

    LoadedConfig load(String yaml, Map<String, String> env) {
        YamlReader.Document document;
        try {
            document = YamlReader.read(yaml);
        } catch (YamlReader.SyntaxException e) {
            return failed(e.problem());
        }
        Problems problems = new Problems();
        document.warnings().forEach(problems::warn);
        Map<String, Object> envTree = EnvOverlay.build(env, problems);
        Map<String, Object> tree = Maps.merge(document.root(), envTree, false);
        PatroniConfig config = PatroniConfigReader.read(tree, problems);
        if (nodeChecks) {
            ConfigValidator.validate(config, problems, files);
            UnsupportedKeys.check(tree, problems);
        }
        return new LoadedConfig(config, problems.errors(), problems.warnings());
    }

    /** A result holding one fatal problem and an empty configuration. */
    private static LoadedConfig failed(ConfigProblem problem) {
        PatroniConfig empty = PatroniConfigReader.read(new LinkedHashMap<>(), new Problems());
        return new LoadedConfig(empty, List.of(problem), List.of());
    }
}
