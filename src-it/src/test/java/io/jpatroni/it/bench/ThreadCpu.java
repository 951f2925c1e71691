package io.jpatroni.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU ticks of a process per thread name, read from /proc/PID/task: where an idle daemon's CPU goes. Threads of one
 * pool ({@code grpc-nio-worker-ELG-1-2}, {@code C1 CompilerThread0}) are summed under their name without the
 * trailing numbers.
 */
record ThreadCpu(Map<String, Long> ticksByName) {
    private static final double TICKS_PER_SECOND = 100.0;

    static ThreadCpu of(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[-_ ]?[0-9]+$", "")
                            .replaceAll("[-_ ]?[0-9]+$", "");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended between the listing and the read: its ticks are gone with it
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/task", e);
        }
        return new ThreadCpu(ticks);
    }

    /**
     * The {@code top} thread names by CPU seconds per minute between {@code earlier} and this, e.g. {@code
     * "jpatroni-ha-loop 0.21, VM Thread 0.08"}. A thread that ended in between is left out (its ticks are not known).
     */
    String topSince(ThreadCpu earlier, double minutes, int top) {
        Map<String, Double> perMinute = new LinkedHashMap<>();
        ticksByName.forEach((name, t) -> perMinute.put(name,
                (t - earlier.ticksByName.getOrDefault(name, 0L)) / TICKS_PER_SECOND / minutes));
        return perMinute.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
