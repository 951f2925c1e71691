package io.jpatroni.dcs.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.dcs.ClusterStore;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ClusterStore#awaitLeaderChange} on a thread of its own, for a test that changes the cluster while it waits:
 * it starts once the thread waits inside, as a change made before would only show that the call returns at once.
 */
public final class BlockedWatch {
    private final CompletableFuture<Long> wokeAt = new CompletableFuture<>();

    private BlockedWatch() {
    }

    /** Starts {@code store.awaitLeaderChange(leaderModRevision, timeout)} and returns once it waits for a change. */
    public static BlockedWatch start(ClusterStore store, OptionalLong leaderModRevision, Duration timeout) {
        BlockedWatch w = new BlockedWatch();
        Thread thread = new Thread(() -> w.wokeAt.complete(store.awaitLeaderChange(leaderModRevision, timeout)
                ? System.nanoTime() : -1L), "leader watch");
        thread.setDaemon(true);
        thread.start();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> thread.getState() == Thread.State.TIMED_WAITING || w.wokeAt.isDone());
        assertThat(w.wokeAt).as("the watch returned before anything changed").isNotDone();
        return w;
    }

    /** {@link System#nanoTime()} when the wait returned {@code true}; fails when it returned {@code false}. */
    public long wokeAt(Duration within) throws InterruptedException, ExecutionException, TimeoutException {
        long at = wokeAt.get(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(at).as("the watch saw a change").isNotEqualTo(-1L);
        return at;
    }
}
