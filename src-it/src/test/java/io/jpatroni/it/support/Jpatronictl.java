package io.jpatroni.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
