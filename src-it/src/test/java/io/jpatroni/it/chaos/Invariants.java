package io.jpatroni.it.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Judges a round from the observer's samples and the writer's acknowledgements:
 * <ol>
 * <li>never two nodes answering {@code /primary} 200 in the same sample;</li>
 * <li>HAProxy never completes a write on a node that is not the lock holder: a write is acknowledged by a node that
 *     no leader-key reading names from 100 ms before it was sent to 100 ms after its acknowledgement, while some
 *     reading in that window succeeded (with etcd unreadable the holder is unknown and the write not judged);</li>
 * <li>with {@code synchronous_mode_strict}, no acknowledged write is missing from the new primary;</li>
 * <li>one primary and every replica streaming within 2 x ttl of the heal.</li>
 * </ol>
 * Samples where two PostgreSQL servers accept a write directly are counted and shown, not judged: a frozen daemon
 * cannot stop its PostgreSQL (that is the watchdog's work), and HAProxy's check keeps the clients away from it.
 */
final class Invariants {
    private static final long WINDOW_NANOS = 100_000_000L;

    private Invariants() {
    }

    static Verdict judge(Round r, List<Observer.Sample> samples, List<ChaosWriter.Ack> acks, List<Long> lost,
                         boolean strict) {
        return judge(r.fault, r.startNanos, r.healNanos, r.healthyNanos, r.endNanos,
                r.cluster.options().timings().ttl(), samples, acks, lost, strict, () -> r.cluster.allTails(40));
    }

    static Verdict judge(Fault fault, long zero, long healNanos, long healthyNanos, long endNanos, int ttl,
                         List<Observer.Sample> samples, List<ChaosWriter.Ack> acks, List<Long> lost, boolean strict,
                         java.util.function.Supplier<String> logs) {
        Verdict.Builder v = new Verdict.Builder();

        List<Observer.Sample> split = samples.stream().filter(s -> s.primaries().size() > 1).toList();
        if (!split.isEmpty()) {
            v.broke("two nodes answer /primary 200 in the same sample (" + split.size() + " samples)",
                    around(samples, split.get(0).nanos(), zero));
        }

        List<ChaosWriter.Ack> strays = new ArrayList<>();
        for (ChaosWriter.Ack a : acks) {
            List<String> holders = holdersDuring(samples, a.sentNanos() - WINDOW_NANOS, a.ackNanos() + WINDOW_NANOS);
            boolean known = holders.stream().anyMatch(h -> !Observer.UNKNOWN.equals(h));
            if (known && !holders.contains(a.node())) {
                strays.add(a);
            }
        }
        if (!strays.isEmpty()) {
            ChaosWriter.Ack first = strays.get(0);
            v.broke("HAProxy completed " + strays.size() + " writes on a node that did not hold the leader lock",
                    "first: id " + first.id() + " on " + first.node() + String.format(" sent %+.2fs acked %+.2fs",
                            (first.sentNanos() - zero) / 1e9, (first.ackNanos() - zero) / 1e9)
                    + "\n" + around(samples, first.sentNanos(), zero));
        }

        if (strict && !lost.isEmpty()) {
            v.broke("acknowledged writes lost in synchronous_mode_strict: " + lost.size(),
                    "ids " + lost.stream().limit(20).map(String::valueOf).collect(Collectors.joining(", ")));
        }

        double heal = healthyNanos < 0 ? -1 : (healthyNanos - healNanos) / 1e9;
        double bound = 2.0 * ttl;
        if (heal < 0 || heal > bound) {
            v.broke("not back to one primary + all replicas streaming within 2 x ttl (" + bound + " s) of the heal: "
                    + (heal < 0 ? "never" : String.format("%.1f s", heal)), logs.get());
        }

        int twoWritable = (int) samples.stream().filter(s -> s.writable().size() > 1).count();
        return new Verdict(fault, split.size(), strays.size(), twoWritable, acks.size(), lost.size(),
                longestGap(acks, zero, endNanos), heal, v.broken, v.evidence);
    }

    /** The leader-key readings in the window, and the last one before it (the holder when the window opened). */
    private static List<String> holdersDuring(List<Observer.Sample> samples, long from, long to) {
        List<String> holders = new ArrayList<>();
        Observer.Sample before = null;
        for (Observer.Sample s : samples) {
            if (s.nanos() < from) {
                before = s;
            } else if (s.nanos() <= to) {
                holders.add(String.valueOf(s.holder()));
            }
        }
        if (before != null) {
            holders.add(String.valueOf(before.holder()));
        }
        return holders;
    }

    /** Seconds of the longest stretch without an acknowledged write between the instants. */
    static double longestGap(List<ChaosWriter.Ack> acks, long from, long to) {
        long previous = from;
        long worst = 0;
        for (ChaosWriter.Ack a : acks) {
            worst = Math.max(worst, a.ackNanos() - previous);
            previous = a.ackNanos();
        }
        worst = Math.max(worst, to - previous);
        return worst / 1e9;
    }

    /** The samples from 2 s before to 2 s after the instant, one line each. */
    static String around(List<Observer.Sample> samples, long nanos, long zero) {
        return samples.stream().filter(s -> Math.abs(s.nanos() - nanos) <= 2_000_000_000L).map(s -> s.at(zero))
                .collect(Collectors.joining("\n"));
    }
}
