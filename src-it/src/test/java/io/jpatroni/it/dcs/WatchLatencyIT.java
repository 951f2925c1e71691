package io.jpatroni.it.dcs;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.etcd3.Etcd3KeyValueStore;
import io.jpatroni.dcs.kv.BlockedWatch;
import io.jpatroni.dcs.kv.Condition;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica blocked in {@code watch} wakes promptly when another client deletes or changes the leader key. */
class WatchLatencyIT {
    private static final Logger LOG = LoggerFactory.getLogger(WatchLatencyIT.class);
    /** Target is ~100 ms; the bound leaves room for a loaded 2-core CI machine. */
    private static final long BOUND_MS = 400;

    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @Test
    void wakesOnDeleteAndOnChangeByAnotherClient() throws Exception {
        Etcd3Settings s = Etcd3Settings.plain(ETCD.cluster().hosts());
        try (Dcs leader = DcsFactory.etcd3(s, "/service", "w", "a", 10, Duration.ofSeconds(5));
             Dcs replica = DcsFactory.etcd3(s, "/service", "w", "b", 10, Duration.ofSeconds(5));
             KeyValueStore other = Etcd3KeyValueStore.connect(s, Duration.ofSeconds(5))) {
            for (int round = 0; round < 5; round++) {
                assertThat(leader.attemptToAcquireLeader()).isTrue();
                long rev = seenLeaderRevision(replica);
                long deleteMs = wakeAfter(replica, rev, () -> leader.deleteLeader(OptionalLong.empty()));

                other.put("/service/w/leader", "x", OptionalLong.empty(), Condition.absent());
                rev = seenLeaderRevision(replica);
                long changeMs = wakeAfter(replica, rev,
                        () -> other.put("/service/w/leader", "y", OptionalLong.empty(), Condition.value("x")));
                other.delete("/service/w/leader", Condition.NONE);
                LOG.info("round {}: woke {} ms after delete, {} ms after change", round, deleteMs, changeMs);
                assertThat(deleteMs).isLessThan(BOUND_MS);
                assertThat(changeMs).isLessThan(BOUND_MS);
            }
            // the last delete must have reached the replica's cache before it waits for a change that never comes
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> replica.load().leader().isEmpty());
            long t0 = System.nanoTime();
            long rev = replica.load().leader().map(l -> l.modRevision()).orElse(0L);
            assertThat(replica.awaitLeaderChange(rev == 0 ? OptionalLong.empty() : OptionalLong.of(rev), Duration.ofMillis(300))).isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(290L, 1000L);
            leader.deleteCluster();
        }
    }

    /** Another client's write reaches load() once the watch delivers it (milliseconds), as in Patroni. */
    private static long seenLeaderRevision(Dcs replica) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5))
                .until(() -> replica.load().leader().map(l -> l.modRevision()).orElse(0L), r -> r > 0);
    }

    private static long wakeAfter(Dcs replica, long rev, Runnable change) throws Exception {
        BlockedWatch watch = BlockedWatch.start(replica, OptionalLong.of(rev), Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        change.run();
        return TimeUnit.NANOSECONDS.toMillis(watch.wokeAt(Duration.ofSeconds(6)) - t0);
    }
}
