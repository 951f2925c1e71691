package io.jpatroni.dcs.watch;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The leader key's revision as a backend's watch last knew it, and the HA loop's wait for it to change
 * ({@code ClusterStore.awaitLeaderChange}) with the loop's doorbell ({@code interruptWait}). Both backends keep one:
 * etcd's cluster cache passes in the lock that guards its keys, ZooKeeper's watch a lock of its own.
 */
public final class LeaderGate {
    /** Nothing is known (no watch, or the last read failed): a waiter waits its timeout out. */
    public static final long UNKNOWN = -1;

    private final ReentrantLock lock;
    private final Condition changed;
    private long revision = UNKNOWN;   // 0: no leader key
    private boolean interrupted;       // interruptWait() rang: the next await returns at once

    public LeaderGate(ReentrantLock lock) {
        this.lock = lock;
        this.changed = lock.newCondition();
    }

    /** The leader key is now at {@code revision} (0: absent, {@link #UNKNOWN}, or a backend's own marker). */
    public void set(long revision) {
        lock.lock();
        try {
            if (this.revision != revision) {
                this.revision = revision;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the current {@link #awaitChange} at once (false), or the next one if none waits now. */
    public void interruptWait() {
        lock.lock();
        try {
            interrupted = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until the leader key is known to differ from {@code expected} (0: absent); false after the timeout. */
    public boolean awaitChange(long expected, Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (revision == UNKNOWN || revision == expected) {
                if (remaining <= 0 || interrupted) {
                    interrupted = false;
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
