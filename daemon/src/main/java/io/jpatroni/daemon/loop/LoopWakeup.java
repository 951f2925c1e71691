package io.jpatroni.daemon.loop;

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
}
