package io.jpatroni.daemon.metrics;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.loop.LoopMetrics;
import io.jpatroni.restapi.ExtraMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * jpatroni's own metrics ({@code jpatroni_*}), recorded by the HA loop ({@link LoopMetrics}) and by the DCS client
 * ({@link MeteredDcs}), rendered for {@code GET /metrics} ({@link ExtraMetrics}). Every label value comes from a fixed
 * set (the table's rows, the {@code Action} kinds, the DCS operations, the outcomes), never from a message, so the
 * series stay few. Recording never blocks; rendering reads what is there and never waits for the loop.
 */
public final class DaemonMetrics implements LoopMetrics, ExtraMetrics {
    /** Upper bounds of the cycle duration histogram, in seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Outcomes of {@code updateLeader}: renewed, not ours any more, or no answer from the DCS. */
    public static final List<String> RENEWAL_OUTCOMES = List.of("renewed", "failed", "dcs_error");
    /** Outcomes of {@code attemptToAcquireLeader}. */
    public static final List<String> ACQUISITION_OUTCOMES = List.of("acquired", "failed", "dcs_error");

    /** Cycle durations: one writer (the loop), so an immutable value swapped whole keeps count, sum and buckets in step. */
    private volatile Histogram cycles = Histogram.EMPTY;
    private final ConcurrentMap<String, LongAdder> decisions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> renewals = counters(RENEWAL_OUTCOMES);
    private final ConcurrentMap<String, LongAdder> acquisitions = counters(ACQUISITION_OUTCOMES);
    private final ConcurrentMap<String, LongAdder> dcsErrors = counters(List.of("load"));

    @Override
    public void cycle(String rule, Action action, Duration took) {
        cycles = cycles.observe(took.toNanos() / 1e9);
        decisions.computeIfAbsent(label("rule", rule) + "," + label("action", kind(action)), k -> new LongAdder())
                .increment();
    }

    /** A leader key renewal ended with one of {@link #RENEWAL_OUTCOMES}. */
    public void lockRenewal(String outcome) {
        renewals.get(outcome).increment();
    }

    /** A leader race ended with one of {@link #ACQUISITION_OUTCOMES}. */
    public void lockAcquisition(String outcome) {
        acquisitions.get(outcome).increment();
    }

    /** The DCS did not answer {@code operation} (a {@code Dcs} method, in snake case). */
    public void dcsError(String operation) {
        dcsErrors.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    @Override
    public void appendTo(StringBuilder out, String labels) {
        Histogram h = cycles;
        header(out, "jpatroni_ha_cycle_duration_seconds", "histogram",
                "Duration of an HA cycle: load the cluster, observe PostgreSQL, decide, act, publish (the wait excluded).");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += h.counts()[i];
            sample(out, "jpatroni_ha_cycle_duration_seconds_bucket", labels + ",le=\"" + number(BUCKETS[i]) + "\"",
                    Long.toString(cumulative));
        }
        sample(out, "jpatroni_ha_cycle_duration_seconds_bucket", labels + ",le=\"+Inf\"", Long.toString(h.count()));
        sample(out, "jpatroni_ha_cycle_duration_seconds_sum", labels, number(h.sum()));
        sample(out, "jpatroni_ha_cycle_duration_seconds_count", labels, Long.toString(h.count()));

        header(out, "jpatroni_ha_decisions_total", "counter",
                "HA cycles by the decision table row that decided and the kind of action it chose.");
        counterSamples(out, "jpatroni_ha_decisions_total", labels, decisions, null);
        header(out, "jpatroni_leader_lock_renewals_total", "counter",
                "Renewals of the leader key this node holds, by outcome.");
        counterSamples(out, "jpatroni_leader_lock_renewals_total", labels, renewals, "outcome");
        header(out, "jpatroni_leader_lock_acquisitions_total", "counter",
                "Attempts to take the leader key, by outcome.");
        counterSamples(out, "jpatroni_leader_lock_acquisitions_total", labels, acquisitions, "outcome");
        header(out, "jpatroni_dcs_errors_total", "counter", "DCS requests that got no answer, by operation.");
        counterSamples(out, "jpatroni_dcs_errors_total", labels, dcsErrors, "operation");
    }

    /** {@code UpdateLock} → {@code update_lock}. */
    static String kind(Action action) {
        return snake(action.getClass().getSimpleName());
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static ConcurrentMap<String, LongAdder> counters(List<String> values) {
        ConcurrentMap<String, LongAdder> map = new ConcurrentHashMap<>();
        values.forEach(v -> map.put(v, new LongAdder()));
        return map;
    }

    /** @param labelName the label the map's keys are values of; {@code null} when the keys are label pairs already */
    private static void counterSamples(StringBuilder out, String name, String labels, Map<String, LongAdder> counters,
                                       String labelName) {
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(counters).entrySet()) {
            String own = labelName == null ? e.getKey() : label(labelName, e.getKey());
            sample(out, name, labels + "," + own, Long.toString(e.getValue().sum()));
        }
    }

    private static String label(String name, String value) {
        return name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, String value) {
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    /** A float as Prometheus writes one: {@code 0.005}, {@code 1}, {@code 2.5}. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Immutable: counts per bucket (not cumulative), the number and the sum of observations. */
    record Histogram(long[] counts, long count, double sum) {
        static final Histogram EMPTY = new Histogram(new long[BUCKETS.length], 0, 0);

        Histogram observe(double seconds) {
            long[] next = counts.clone();
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    next[i]++;
                    break;
                }
            }
            return new Histogram(next, count + 1, sum + seconds);
        }
    }
}
