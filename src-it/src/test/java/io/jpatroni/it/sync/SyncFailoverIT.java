package io.jpatroni.it.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.SyncKey;
import io.jpatroni.it.support.Timings;
import io.jpatroni.it.support.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code synchronous_mode_strict}: the leader's node dies (kill -9 of jpatroni and its postmaster) while an
 * application writes through HAProxy, round after round ({@code -Dsync.rounds=N}, 3 by default). Each round: the
 * promoted node is the one the {@code sync} key named, and no write acknowledged before, during or after the kill is
 * missing on it; then the old leader rejoins and the next round starts once a synchronous standby is named again.
 */
class SyncFailoverIT {
    static final String SCOPE = "syncstrict";
    private static final int ROUNDS = Integer.getInteger("sync.rounds", 3);
    private static final Timings TIMINGS = Timings.JPATRONI;

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER = ClusterExtension.of(() -> JPatroniCluster.start(SCOPE, 3,
            cfg -> withDcs(cfg.yaml(), "    synchronous_mode: true\n    synchronous_mode_strict: true\n"))
            .withHaProxy());

    /** The test YAML with {@code extra} added to {@code bootstrap.dcs}. */
    static String withDcs(String yaml, String extra) {
        String anchor = "    maximum_lag_on_failover: 1048576\n";
        if (!yaml.contains(anchor)) {
            throw new IllegalStateException("NodeConfig's bootstrap.dcs changed:\n" + yaml);
        }
        return yaml.replace(anchor, anchor + extra);
    }

    @Test
    void killNineOfTheLeaderInStrictModePromotesTheSyncStandbyAndLosesNoAcknowledgedWrite(JPatroniCluster cluster)
            throws Exception {
        List<String> figures = new ArrayList<>();
        try (Writer writer = Writer.start(cluster.haproxy().writeUrl(), 20)) {
            for (int round = 1; round <= ROUNDS; round++) {
                JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(120));
                String syncStandby = awaitOneSyncStandby(cluster, leader);
                int before = writer.acks().size();
                await().atMost(Duration.ofSeconds(20)).until(() -> writer.acks().size() >= before + 20);

                long killedAt = System.nanoTime();
                leader.killHard();
                await().atMost(Duration.ofSeconds(TIMINGS.ttl() + 30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> cluster.leader().filter(l -> l != leader).isPresent());
                JPatroniNode promoted = cluster.leader().orElseThrow();
                double promotedAfter = (System.nanoTime() - killedAt) / 1e9;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> writer.secondsToFirstWriteAfter(killedAt, leader.config().pgPort()) > 0);
                double writesAfter = writer.secondsToFirstWriteAfter(killedAt, leader.config().pgPort());
                List<Long> lost = writer.lostWrites(cluster.haproxy().writeUrl());
                long acked = writer.acks().size();
                figures.add(String.format("round %d: killed %s, sync standby %s, promoted %s after %.2f s, writes"
                                + " resumed after %.2f s, %d acknowledged writes so far, lost %d", round,
                        leader.name(), syncStandby, promoted.name(), promotedAfter, writesAfter, acked, lost.size()));
                System.out.println("sync strict kill -9 " + figures.get(figures.size() - 1));

                assertThat(promoted.name()).as("round %d: the promoted node is the synchronous standby", round)
                        .isEqualTo(syncStandby);
                assertThat(lost).as("round %d: acknowledged writes lost", round).isEmpty();
                leader.start();
            }
            cluster.awaitHealthy(Duration.ofSeconds(120));
            assertThat(writer.lostWrites(cluster.haproxy().writeUrl())).isEmpty();
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\n" + String.join("\n", figures), e);
        }
        System.out.println("sync strict kill -9: " + ROUNDS + " rounds, 0 acknowledged writes lost");
    }

    /**
     * Waits until the {@code sync} key, written by {@code leader}, names exactly one standby, PostgreSQL on the leader
     * waits for it, and that standby answers {@code /sync} 200; returns its name.
     */
    static String awaitOneSyncStandby(JPatroniCluster cluster, JPatroniNode leader) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    SyncKey.Value key = SyncKey.read(cluster.etcd(), cluster.scope()).orElseThrow();
                    assertThat(key.leader()).contains(leader.name());
                    assertThat(key.standbys()).hasSize(1);
                    String standby = key.standbys().iterator().next();
                    assertThat(SyncKey.synchronousStandbyNames(leader.config().pgPort())).isEqualTo(standby);
                    assertThat(cluster.node(standby).status("/sync")).isEqualTo(200);
                });
        Set<String> standbys = SyncKey.read(cluster.etcd(), cluster.scope()).orElseThrow().standbys();
        return standbys.iterator().next();
    }
}
