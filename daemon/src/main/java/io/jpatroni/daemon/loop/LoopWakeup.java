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
    private volatile ClusterStore waitingOn;

    /** Run the next cycle now. */
    public void wakeUp() {
        pending = true;
        ClusterStore dcs = waitingOn;
        if (dcs != null) {
            dcs.interruptWait();
        }
    }

    boolean isPending() {
        return pending;
    }

    void clear() {
        pending = false;
    }

    /**
     * Waits up to {@code timeout} for the leader key to change from {@code leaderRevision} (the DCS watch) or for the
     * bell. A store that can be interrupted ({@link ClusterStore#interruptWait}: etcd, ZooKeeper) is waited on in one
     * piece and the bell ends the wait (an idle node wakes once per {@code loop_wait}, not ten times a second); any
     * other is waited on in slices of 100 ms so that a ring is heard at once; with the DCS unreachable, the slices
     * are slept.
     */
    void await(ClusterStore dcs, OptionalLong leaderRevision, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        waitingOn = dcs;
        boolean interruptible = dcs.interruptibleWaits();
        while (!pending) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return;
            }
            Duration slice = Duration.ofMillis(interruptible ? leftMs : Math.min(leftMs, 100));
            try {
                if (dcs.awaitLeaderChange(leaderRevision, slice)) {
                    return;
                }
            } catch (DcsUnavailableException e) {
                sleep(Duration.ofMillis(Math.min(leftMs, 100)));
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
