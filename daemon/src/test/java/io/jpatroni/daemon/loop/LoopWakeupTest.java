package io.jpatroni.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop's wait: one piece on a store that can be interrupted, ended by the bell. */
class LoopWakeupTest {
    private final Dcs dcs = DcsFactory.inMemory(new InMemoryKeyValueStore(), "/service/", "demo", "n1", 30);

    @Test
    void theBellEndsAWaitOfAWholeLoopWait() throws Exception {
        dcs.load();
        LoopWakeup wakeup = new LoopWakeup();
        CompletableFuture<Long> waited = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            long t0 = System.nanoTime();
            wakeup.await(dcs, OptionalLong.empty(), Duration.ofSeconds(30));
            waited.complete(System.nanoTime() - t0);
        });
        waiter.start();
        // rung while the loop waits (not before it got there)
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        wakeup.wakeUp();
        assertThat(waited.get(5, TimeUnit.SECONDS)).isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThat(wakeup.isPending()).isTrue();
    }

    @Test
    void withoutABellTheWaitLastsItsTimeout() {
        dcs.load();
        LoopWakeup wakeup = new LoopWakeup();
        long t0 = System.nanoTime();
        wakeup.await(dcs, OptionalLong.empty(), Duration.ofMillis(400));
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(390));
    }
}
