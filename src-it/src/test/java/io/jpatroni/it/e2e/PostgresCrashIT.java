package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leader's postmaster dies but its agent lives: it keeps the lock, restarts PostgreSQL and promotes it again. */
class PostgresCrashIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("pgcrash", 3));

    @Test
    void crashedPrimaryIsRestartedUnderTheLockWithoutFailover(JPatroniCluster cluster) {
        JPatroniNode leader = cluster.leader().orElseThrow();
        long pid = leader.postmasterPid().orElseThrow();
        AtomicBoolean otherPrimary = new AtomicBoolean();
        int crash = leader.logMark();
        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            cluster.nodes().stream().filter(n -> n != leader && n.status("/primary") == 200).findAny()
                    .ifPresent(n -> otherPrimary.set(true));
            return leader.postmasterPid().filter(p -> p != pid).isPresent() && leader.status("/primary") == 200;
        });
        System.out.printf("postmaster crash: %s primary again after %.2f s%n", leader.name(),
                (System.nanoTime() - killedAt) / 1e9);

        assertThat(otherPrimary).as("another node answered /primary 200 meanwhile").isFalse();
        assertThat(leader.logSince(crash)).contains("starting as readonly because i had the session lock")
                .contains("promoted self to leader because I had the session lock");
        cluster.awaitHealthy(Duration.ofSeconds(60));
        assertThat(cluster.leader()).contains(leader);
    }
}
