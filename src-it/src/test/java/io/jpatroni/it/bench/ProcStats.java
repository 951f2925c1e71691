package io.jpatroni.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** RSS, thread count and CPU time of a process, read from /proc. */
record ProcStats(long rssKb, int threads, long cpuTicks) {
    private static final double TICKS_PER_SECOND = 100.0;

    static ProcStats of(long pid) {
        try {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                }
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return new ProcStats(rss, threads, cpu);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid, e);
        }
    }

    double cpuSecondsSince(ProcStats earlier) {
        return (cpuTicks - earlier.cpuTicks) / TICKS_PER_SECOND;
    }
}
