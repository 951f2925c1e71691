package io.jpatroni.it.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The table at the end of a campaign: one row per fault kind, the figures summed or as median / max over rounds. */
final class Report {
    private final String title;
    private final Map<Fault, List<Verdict>> byFault = new TreeMap<>();

    Report(String title) {
        this.title = title;
    }

    void add(Verdict v) {
        byFault.computeIfAbsent(v.fault(), f -> new ArrayList<>()).add(v);
    }

    int violations() {
        return byFault.values().stream().flatMap(List::stream).mapToInt(v -> v.broken().size()).sum();
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        sb.append("| fault | rounds | split-brain samples | non-holder writes | 2-writable samples | acked writes "
                + "| lost writes | write outage median / max (s) | time to heal median / max (s) | broken |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Fault, List<Verdict>> e : byFault.entrySet()) {
            List<Verdict> vs = e.getValue();
            sb.append(String.format("| %d %s | %d | %d | %d | %d | %d | %d | %.1f / %.1f | %s / %s | %d |%n",
                    e.getKey().number, e.getKey().title, vs.size(),
                    vs.stream().mapToInt(Verdict::splitBrainSamples).sum(),
                    vs.stream().mapToInt(Verdict::nonHolderWrites).sum(),
                    vs.stream().mapToInt(Verdict::twoWritableSamples).sum(),
                    vs.stream().mapToInt(Verdict::acknowledged).sum(),
                    vs.stream().mapToInt(Verdict::lost).sum(),
                    median(vs.stream().mapToDouble(Verdict::outageSeconds).toArray()),
                    vs.stream().mapToDouble(Verdict::outageSeconds).max().orElse(0),
                    heal(median(vs.stream().mapToDouble(Verdict::healSeconds).toArray()), vs),
                    heal(vs.stream().mapToDouble(Verdict::healSeconds).max().orElse(0), vs),
                    vs.stream().mapToInt(v -> v.broken().size()).sum()));
        }
        return sb.toString();
    }

    private static String heal(double seconds, List<Verdict> vs) {
        return vs.stream().anyMatch(v -> v.healSeconds() < 0) && seconds < 0 ? "never" : String.format("%.1f", seconds);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
