package io.jpatroni.config;

import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings while a configuration is read; nothing stops at the first one. */
final class Problems {
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    void error(ConfigProblem problem) {
        errors.add(problem);
    }

    void warn(ConfigProblem problem) {
        warnings.add(problem);
    }

    void error(String path, Object value, String message) {
        error(ConfigProblem.of(path, value, message));
    }

    void warn(String path, Object value, String message) {
        warn(ConfigProblem.of(path, value, message));
    }

    void errorAt(String path, String message) {
        error(ConfigProblem.at(path, message));
    }

    void warnAt(String path, String message) {
        warn(ConfigProblem.at(path, message));
    }

    void addAll(Problems other) {
        errors.addAll(other.errors);
        warnings.addAll(other.warnings);
    }

    boolean hasErrorAt(String path) {
        return errors.stream().anyMatch(e -> e.path().equals(path));
    }

    boolean hasProblemAt(String path) {
        return hasErrorAt(path) || warnings.stream().anyMatch(w -> w.path().equals(path));
    }

    List<ConfigProblem> errors() {
        return List.copyOf(errors);
    }

    List<ConfigProblem> warnings() {
        return List.copyOf(warnings);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
