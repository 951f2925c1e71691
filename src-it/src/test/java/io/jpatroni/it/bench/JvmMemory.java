package io.jpatroni.it.bench;

import io.jpatroni.it.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's resident memory is made of, from {@code jcmd} (no Native Memory Tracking needed) and
 * /proc/PID/smaps: the heap's committed generations, class metadata (metaspace committed, classes loaded, of which
 * from the CDS archive, and the archive's resident pages) and the code cache in use. The rest of the RSS is thread
 * stacks, malloc arenas (Netty, gRPC, the JIT) and the JVM's own libraries.
 */
record JvmMemory(double heapMiB, double metaspaceMiB, int classes, int sharedClasses, double cdsMiB,
                 double codeMiB) {
    private static final Pattern CLASSES = Pattern.compile("Total Usage - \\d+ loaders, (\\d+) classes \\((\\d+) shared\\)");
    private static final Pattern META = Pattern.compile("Both:.*?([0-9.]+) (KB|MB|GB) \\([^)]*\\) committed");
    private static final Pattern GENERATION = Pattern.compile("generation\\s+total (\\d+)K");
    private static final Pattern CODE = Pattern.compile("used=(\\d+)Kb");

    static JvmMemory of(long pid) {
        String meta = jcmd(pid, "VM.metaspace");
        Matcher c = CLASSES.matcher(meta);
        Matcher m = META.matcher(meta);
        if (!c.find() || !m.find()) {
            throw new IllegalStateException("unexpected jcmd VM.metaspace output: " + meta);
        }
        double metaMiB = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
            case "KB" -> 1.0 / 1024;
            case "GB" -> 1024;
            default -> 1;
        };
        double heapKb = GENERATION.matcher(jcmd(pid, "GC.heap_info")).results()
                .mapToDouble(r -> Double.parseDouble(r.group(1))).sum();
        double codeKb = CODE.matcher(jcmd(pid, "Compiler.codecache")).results()
                .mapToDouble(r -> Double.parseDouble(r.group(1))).sum();
        return new JvmMemory(heapKb / 1024, metaMiB, Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)),
                archiveRssKb(pid) / 1024, codeKb / 1024);
    }

    /** Resident kB of the mappings of CDS archives (the JDK's and jpatroni's .jsa). */
    private static double archiveRssKb(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"));
            double kb = 0;
            boolean inArchive = false;
            for (String line : lines) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    inArchive = line.endsWith(".jsa");
                } else if (inArchive && line.startsWith("Rss:")) {
                    kb += Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
            return kb;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String jcmd(long pid, String command) {
        return Processes.run(new ProcessBuilder("jcmd", Long.toString(pid), command), Duration.ofSeconds(30));
    }

    /** For the bench table: {@code heap 14.2, class metadata 52.0 (6,912 classes, 2,310 from CDS) + CDS 11.6, …}. */
    String describe(double rssMiB) {
        double known = heapMiB + metaspaceMiB + cdsMiB + codeMiB;
        return String.format(Locale.ROOT, "heap %.1f (committed), metaspace %.1f for %,d classes (%,d from CDS, "
                        + "mapped %.1f), code %.1f; rest (stacks, malloc, libjvm) %.1f", heapMiB, metaspaceMiB,
                classes, sharedClasses, cdsMiB, codeMiB, rssMiB - known);
    }
}
