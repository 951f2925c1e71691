package io.jpatroni.dcs.kv;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tracks the {@code leader} key's mod revision from two sources, loads and one long-lived prefix
 * watch, keeping whichever is newer, and lets callers wait for it to differ from what they saw.
 * Never calls the store while holding its own lock (the in-memory store calls back synchronously).
 */
final class LeaderWatch implements WatchListener {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderWatch.class);
    private static final long UNKNOWN = -1;

    private final String leaderKey;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicBoolean active = new AtomicBoolean();
    private volatile AutoCloseable handle;
    private long leaderRevision = UNKNOWN;   // 0 = no leader key
    private long seenAt;                     // store revision of the newest observation

    LeaderWatch(String leaderKey) {
        this.leaderKey = leaderKey;
    }

    /** Records what a load at {@code storeRevision} saw, and starts the watch after it if not running. */
    void observeLoad(KeyValueStore store, String prefix, long storeRevision, long leaderModRevision) {
        update(storeRevision, leaderModRevision);
        if (active.compareAndSet(false, true)) {
            try {
                handle = store.watchPrefix(prefix, storeRevision + 1, this);
            } catch (RuntimeException e) {
                active.set(false);
                LOG.warn("could not start watch on {}: {}", prefix, e.toString());
            }
        }
    }

    boolean await(long expectedLeaderRevision, Duration timeout) {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (leaderRevision == UNKNOWN || leaderRevision == expectedLeaderRevision) {
                if (remaining <= 0) {
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

    @Override
    public void onEvents(List<WatchEvent> events) {
        for (WatchEvent e : events) {
            if (e.kv().key().equals(leaderKey)) {
                long rev = e.kv().modRevision();
                update(rev, e.type() == WatchEvent.Type.DELETE ? 0 : rev);
            }
        }
    }

    @Override
    public void onBroken(Throwable cause) {
        LOG.warn("watch on leader key {} broke, will restart on next load: {}", leaderKey, String.valueOf(cause));
        lock.lock();
        try {
            leaderRevision = UNKNOWN;
            seenAt = 0;
        } finally {
            lock.unlock();
        }
        handle = null;
        active.set(false);
    }

    void close() {
        AutoCloseable h = handle;
        handle = null;
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.debug("closing watch", e);
            }
        }
    }

    private void update(long storeRevision, long leaderModRevision) {
        lock.lock();
        try {
            if (storeRevision >= seenAt) {
                seenAt = storeRevision;
                if (leaderRevision != leaderModRevision) {
                    leaderRevision = leaderModRevision;
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
