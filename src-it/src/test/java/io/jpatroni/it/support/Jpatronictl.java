package io.jpatroni.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Runs {@code bin/jpatronictl -c CONFIG ...} (and the real patronictl the same way) as real processes. */
public final class Jpatronictl {
    private static final Pattern ROW = Pattern.compile("^\\| .*\\|$");

    private Jpatronictl() {
    }

    /** Exit code and stdout+stderr of {@code bin/jpatronictl -c config args...}. */
    public static Processes.Result run(Path config, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Repo.path("bin/jpatronictl").toString(), "-c", config.toString()));
        cmd.addAll(List.of(args));
        return Processes.runAny(new ProcessBuilder(cmd), Duration.ofSeconds(60));
    }

    /** Exit code and output of {@code bin/jpatronictl args...} with {@code env} added to the environment. */
    public static Processes.Result runWithEnv(java.util.Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Repo.path("bin/jpatronictl").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return Processes.runAny(pb, Duration.ofSeconds(60));
    }

    /** Exit code and output of {@code patronictl args...} with {@code env} added to the environment. */
    public static Processes.Result patronictlWithEnv(java.util.Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/patronictl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return Processes.runAny(pb, Duration.ofSeconds(60));
    }

    /** Exit code and stdout+stderr of {@code patronictl -c config args...}. */
    public static Processes.Result patronictl(Path config, String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/patronictl", "-c", config.toString()));
        cmd.addAll(List.of(args));
        return Processes.runAny(new ProcessBuilder(cmd), Duration.ofSeconds(60));
    }

    /**
     * Exit code and stdout+stderr of {@code bin/jpatronictl args...} without {@code -c}, as in a container: the
     * {@code PATRONI_*} variables in {@code environment} are its only Patroni settings, and {@code home} is its
     * {@code HOME} (where {@code .config/patroni/patronictl.yaml} is looked for).
     */
    public static Processes.Result runWithEnvironment(Map<String, String> environment, Path home, String... args) {
        return withEnvironment(Repo.path("bin/jpatronictl").toString(), environment, home, "", args);
    }

    /** The same with {@code stdin} for the prompts. */
    public static Processes.Result runWithEnvironment(String stdin, Map<String, String> environment, Path home,
                                                      String... args) {
        return withEnvironment(Repo.path("bin/jpatronictl").toString(), environment, home, stdin, args);
    }

    /** The real {@code patronictl args...} run the same way as {@link #runWithEnvironment}. */
    public static Processes.Result patronictlWithEnvironment(Map<String, String> environment, Path home,
                                                             String... args) {
        return withEnvironment("/usr/bin/patronictl", environment, home, "", args);
    }

    public static Processes.Result patronictlWithEnvironment(String stdin, Map<String, String> environment,
                                                             Path home, String... args) {
        return withEnvironment("/usr/bin/patronictl", environment, home, stdin, args);
    }

    private static Processes.Result withEnvironment(String binary, Map<String, String> environment, Path home,
                                                    String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = Processes.withoutPatroniEnvironment(new ProcessBuilder(cmd));
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(environment);
        return Processes.runAny(pb, Duration.ofSeconds(60), stdin);
    }

    /** A {@code list} table with the cells of the {@code Lag in MB} column blanked (it moves between two calls). */
    public static String withoutLag(String table) {
        List<String> lines = table.lines().toList();
        int column = -1;
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (ROW.matcher(line).matches()) {
                String[] cells = line.split("\\|", -1);
                if (column < 0) {
                    for (int i = 0; i < cells.length; i++) {
                        if (cells[i].trim().equals("Lag in MB")) {
                            column = i;
                        }
                    }
                } else if (column < cells.length) {
                    cells[column] = " ".repeat(cells[column].length());
                    line = String.join("|", cells);
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
