package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leader's postmaster dies but its agent lives: it keeps the lock, restarts PostgreSQL and promotes it again. */
class PostgresCrashIT {
    private JPatroniCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void crashedPrimaryIsRestartedUnderTheLockWithoutFailover() {
        cluster = JPatroniCluster.start("pgcrash", 3);
        JPatroniNode leader = cluster.awaitHealthy(Duration.ofSeconds(90));
        long pid = leader.postmasterPid().orElseThrow();
        AtomicBoolean otherPrimary = new AtomicBoolean();
        try {
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
            assertThat(leader.logTail(200)).contains("starting as readonly because i had the session lock")
                    .contains("promoted self to leader because I had the session lock");
            cluster.awaitHealthy(Duration.ofSeconds(60));
            assertThat(cluster.leader()).contains(leader);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(60), e);
        }
    }
}
