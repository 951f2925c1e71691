package io.jpatroni.dcs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class LeaderGateTest {
    private final LeaderGate gate = new LeaderGate(new ReentrantLock());

    @Test
    void unknownWaitsItsTimeoutOut() {
        long t0 = System.nanoTime();
        assertThat(gate.awaitChange(5, Duration.ofMillis(200))).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void aRevisionOtherThanTheExpectedOneReturnsAtOnce() {
        gate.set(7);
        assertThat(gate.awaitChange(5, Duration.ofSeconds(10))).isTrue();
        assertThat(gate.awaitChange(0, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aChangeWakesTheWaiter() throws Exception {
        gate.set(5);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(
                () -> gate.awaitChange(5, Duration.ofSeconds(30)));
        Thread.sleep(100);
        assertThat(waiter).isNotDone();
        gate.set(6);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theDoorbellEndsTheCurrentWaitOrTheNextOneOnce() throws Exception {
        gate.set(5);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(
                () -> gate.awaitChange(5, Duration.ofSeconds(30)));
        Thread.sleep(100);
        gate.interruptWait();
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isFalse();

        gate.interruptWait();   // nobody waits: the next wait returns at once, the one after waits again
        assertThat(gate.awaitChange(5, Duration.ofSeconds(30))).isFalse();
        long t0 = System.nanoTime();
        assertThat(gate.awaitChange(5, Duration.ofMillis(150))).isFalse();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void backToUnknownKeepsWaiting() throws Exception {
        gate.set(5);
        gate.set(LeaderGate.UNKNOWN);
        assertThat(gate.awaitChange(5, Duration.ofMillis(100))).isFalse();
    }
}
