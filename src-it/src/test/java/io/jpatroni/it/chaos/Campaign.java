package io.jpatroni.it.chaos;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jpatroni.it.support.Timings;

/**
 * {@code scripts/chaos}'s Java side, run as root inside host {@code h} once the script has made the hosts: starts the
 * cluster, the writer and the observer, runs the fault rounds (the faults in turn), judges each, prints the report
 * and exits 1 when an invariant broke (2 when the campaign could not run).
 *
 * <pre>Campaign --dir DIR [--rounds N] [--faults 1,2,3] [--daemon /usr/bin/patroni] [--strict] [--failsafe]</pre>
 */
public final class Campaign {
    private static final Duration HEAL_WAIT = Duration.ofSeconds(90);

    private final ChaosCluster cluster;
    private final List<Fault> faults; // mutable: the faults this machine cannot inject are dropped
    private final int rounds;
    private final Report report;

    private Campaign(ChaosCluster cluster, List<Fault> faults, int rounds) {
        this.cluster = cluster;
        this.faults = new ArrayList<>(faults);
        this.rounds = rounds;
        ChaosCluster.Options o = cluster.options();
        this.report = new Report(String.format("%s, ttl %d / loop_wait %d / retry_timeout %d%s%s, %d rounds",
                o.daemonName(), o.timings().ttl(), o.timings().loopWait(), o.timings().retryTimeout(),
                o.strict() ? ", synchronous_mode_strict" : "", o.failsafe() ? ", failsafe_mode" : "", rounds));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path dir = Path.of(opts.getOrDefault("dir", "."));
        Path daemon = Path.of(opts.getOrDefault("daemon", "jpatroni"));
        List<Fault> faults = new ArrayList<>();
        for (String f : opts.getOrDefault("faults", "1,2,3,4,5,6,7,8,9").split(",")) {
            faults.add(Fault.byNumber(Integer.parseInt(f.trim())));
        }
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", Integer.toString(faults.size())));
        ChaosCluster.Options options = new ChaosCluster.Options(daemon, Timings.JPATRONI, opts.containsKey("strict"),
                opts.containsKey("failsafe"), false);
        options = options.withClockSteps(faults.contains(Fault.CLOCK_STEP)
                && Fault.CLOCK_STEP.unavailable(options).isEmpty());
        ChaosCluster cluster = new ChaosCluster(new Hosts(dir.resolve("hosts")), dir, options);
        int code;
        try {
            code = new Campaign(cluster, faults, rounds).run();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.out.println(cluster.allTails(60));
            code = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(code);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (key.equals("strict") || key.equals("failsafe")) {
                m.put(key, "true");
            } else {
                m.put(key, args[++i]);
            }
        }
        return m;
    }

    private int run() throws Exception {
        for (Fault f : List.copyOf(faults)) {
            Optional<String> unavailable = f.unavailable(cluster.options());
            if (unavailable.isPresent()) {
                System.out.printf("fault %d (%s) skipped: %s%n", f.number, f.title, unavailable.get());
                faults.remove(f);
            }
        }
        if (faults.isEmpty()) {
            System.out.println("no fault left to run");
            return 2;
        }
        long begun = System.nanoTime();
        System.out.println("starting etcd e1..e3, " + cluster.options().daemonName() + " n1..n3, HAProxy on h");
        cluster.start();
        Hosts.Host leader = awaitHealthy(Duration.ofSeconds(180))
                .orElseThrow(() -> new IllegalStateException("the cluster never became healthy"));
        try (Connection c = ChaosWriter.connect(ChaosCluster.directUrl(leader), 5)) {
            ChaosWriter.createTable(c);
            Observer.createScratchTable(c);
        }
        System.out.printf("healthy after %.1f s, leader %s%n", (System.nanoTime() - begun) / 1e9, leader.name());
        Map<String, String> nodeByAddress = new LinkedHashMap<>();
        cluster.nodes.forEach(n -> nodeByAddress.put(n.address(), n.name()));
        try (ChaosWriter writer = new ChaosWriter(cluster.writeUrl(), nodeByAddress);
             Observer observer = new Observer(cluster)) {
            writer.start();
            observer.start();
            for (int i = 0; i < rounds; i++) {
                Fault fault = faults.get(i % faults.size());
                Verdict v = round(i + 1, fault, writer, observer);
                report.add(v);
                v.evidence().forEach(System.out::println);
            }
        }
        System.out.printf("%ncampaign took %.0f s%n%n", (System.nanoTime() - begun) / 1e9);
        System.out.println(report.table());
        int broken = report.violations();
        System.out.println(broken == 0 ? "every invariant held" : broken + " invariant violations");
        return broken == 0 ? 0 : 1;
    }

    private Verdict round(int number, Fault fault, ChaosWriter writer, Observer observer) throws Exception {
        Hosts.Host leader = awaitHealthy(HEAL_WAIT).orElseGet(() -> {
            // the previous round left it broken (its verdict says so): restart what is dead, undo any cut, and do
            // what an operator would for a replica that cannot stream (patronictl reinit), so the campaign goes on
            cluster.hosts().healAll();
            cluster.restartDead();
            repairReplicas();
            return awaitHealthy(HEAL_WAIT.multipliedBy(2))
                    .orElseThrow(() -> new IllegalStateException("the cluster does not recover: " + cluster.unhealthy()));
        });
        List<Hosts.Host> replicas = cluster.replicasOf(leader);
        Round r = new Round(number, fault, cluster, leader, replicas.get(number % replicas.size()));
        observer.forgetBefore(r.startNanos - 1_000_000_000L);
        System.out.printf("round %d: fault %d (%s), leader %s%n", number, fault.number, fault.title, leader.name());
        Fault.sleep(Duration.ofSeconds(1)); // a second of normal traffic before the fault, for the outage figure
        fault.inject(r);
        r.healNanos = System.nanoTime();
        fault.heal(r);
        r.note("healed");
        Optional<Hosts.Host> after = awaitHealthy(HEAL_WAIT);
        if (after.isPresent()) {
            r.healthyNanos = System.nanoTime();
            r.note("healthy, leader " + after.get().name());
            // the writer gets through again (or the outage figure says for how long it did not)
            long healthy = r.healthyNanos;
            Fault.awaitQuietly(Duration.ofSeconds(15), () -> !writer.acks(healthy, Long.MAX_VALUE).isEmpty());
        } else {
            r.note("not healthy after " + HEAL_WAIT.toSeconds() + " s: " + cluster.unhealthy().orElse(""));
        }
        r.endNanos = System.nanoTime();
        List<ChaosWriter.Ack> acks = writer.acks(r.startNanos, r.endNanos);
        List<Long> lost = List.of();
        if (after.isPresent()) {
            Hosts.Host primary = after.get();
            lost = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> ChaosWriter.lost(ChaosCluster.directUrl(primary), acks), l -> true);
        }
        Verdict v = Invariants.judge(r, observer.since(r.startNanos - 1_000_000_000L), acks, lost,
                cluster.options().strict());
        System.out.printf("  round %d: %d acked, %d lost, outage %.1f s, heal %.1f s, split-brain samples %d, "
                        + "non-holder writes %d, 2-writable samples %d%s%n", number, v.acknowledged(), v.lost(),
                v.outageSeconds(), v.healSeconds(), v.splitBrainSamples(), v.nonHolderWrites(),
                v.twoWritableSamples(), v.ok() ? "" : "  BROKEN: " + v.broken());
        return v;
    }

    /** {@code POST /reinitialize} (force) on every node the single primary does not stream to. */
    private void repairReplicas() {
        cluster.leader().ifPresent(l -> {
            for (Hosts.Host r : cluster.replicasOf(l)) {
                Optional<String> why = cluster.unhealthy();
                if (why.isPresent() && why.get().startsWith(r.name() + " does not stream")) {
                    int code = cluster.post(r, "/reinitialize", "{\"force\":true}");
                    System.out.printf("  repair: %s does not stream from %s: POST /reinitialize -> %d%n", r.name(),
                            l.name(), code);
                    Fault.awaitQuietly(HEAL_WAIT, () -> cluster.unhealthy().filter(u -> u.startsWith(r.name()))
                            .isEmpty());
                }
            }
        });
    }

    /** Waits until {@link ChaosCluster#unhealthy} has nothing to say; the leader, or empty after {@code atMost}. */
    private Optional<Hosts.Host> awaitHealthy(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (cluster.unhealthy().isEmpty()) {
                return cluster.leader();
            }
            Fault.sleep(Duration.ofMillis(200));
        }
        return Optional.empty();
    }
}
