package io.jpatroni.daemon.loop;

import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.DcsUnavailableException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The loop's doorbell: a finished background task, a REST request or a signal rings it, and the loop runs its next
 * cycle at once instead of waiting out {@code loop_wait}. Made before the loop, so that whatever the loop is built
 * from can ring it.
 */
public final class LoopWakeup {
    private volatile boolean pending;

    /** Run the next cycle now. */
    public void wakeUp() {
        pending = true;
    }

    boolean isPending() {
        return pending;
    }

    void clear() {
        pending = false;
    }

    /**
     * Waits up to {@code timeout} for the leader key to change from {@code leaderRevision} (the DCS watch) or for the
     * bell, in slices of 100 ms so that a ring is heard at once; with the DCS unreachable, the slices are slept.
     */
    void await(ClusterStore dcs, OptionalLong leaderRevision, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return;
            }
            Duration slice = Duration.ofMillis(Math.min(leftMs, 100));
            try {
                if (dcs.awaitLeaderChange(leaderRevision, slice)) {
                    return;
                }
            } catch (DcsUnavailableException e) {
                sleep(slice);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
