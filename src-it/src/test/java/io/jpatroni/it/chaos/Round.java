package io.jpatroni.it.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One fault round: its victims (the leader and one replica when it starts), its instants and what it did. */
final class Round {
    final int number;
    final Fault fault;
    final ChaosCluster cluster;
    final Hosts.Host leader;
    final Hosts.Host replica;
    final long startNanos = System.nanoTime();
    long healNanos;
    /** When the cluster was healthy again; -1 when it never was within the wait. */
    long healthyNanos = -1;
    long endNanos;
    final List<String> notes = new ArrayList<>();

    Round(int number, Fault fault, ChaosCluster cluster, Hosts.Host leader, Hosts.Host replica) {
        this.number = number;
        this.fault = fault;
        this.cluster = cluster;
        this.leader = leader;
        this.replica = replica;
    }

    Duration ttl() {
        return Duration.ofSeconds(cluster.options().timings().ttl());
    }

    void note(String what) {
        String line = String.format("  %+7.2fs %s", (System.nanoTime() - startNanos) / 1e9, what);
        notes.add(line);
        System.out.println(line);
    }
}
