package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.watch.LeaderGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's keys as one long-lived prefix watch reports them, seeded by a range read: what
 * Patroni's etcd3 backend keeps in its KV cache, so that a steady cycle reads nothing from etcd.
 * Also lets callers wait for the {@code leader} key to change. Never calls the store while holding
 * its own lock (the in-memory store calls back synchronously).
 */
final class ClusterCache implements WatchListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);

    private final String leaderKey;
    private final ReentrantLock lock = new ReentrantLock();
    private final LeaderGate leader = new LeaderGate(lock);
    private final AtomicBoolean watching = new AtomicBoolean();
    private final TreeMap<String, KeyValue> kvs = new TreeMap<>();
    private volatile AutoCloseable handle;
    private boolean ready;
    private long seededAt;                   // events at or below this revision are already in the range
    private long appliedRevision;            // the newest revision the keys reflect

    ClusterCache(String leaderKey) {
        this.leaderKey = leaderKey;
    }

    /** The keys as the watch has them, or empty when the cache cannot be trusted (no watch running). */
    Optional<List<KeyValue>> snapshot() {
        lock.lock();
        try {
            return ready ? Optional.of(new ArrayList<>(kvs.values())) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** True while a watch runs (its events may not have arrived yet). */
    boolean isWatching() {
        return watching.get();
    }

    /**
     * Takes a range read as the truth, unless the watch already brought the keys past its revision (two threads may
     * seed at once), and starts the watch right after it if none runs.
     */
    void seed(KeyValueStore store, String prefix, RangeResult range) {
        lock.lock();
        try {
            if (ready && range.revision() < appliedRevision) {
                return;
            }
            kvs.clear();
            range.kvs().forEach(kv -> kvs.put(kv.key(), kv));
            seededAt = range.revision();
            appliedRevision = range.revision();
            setLeaderRevision(range.kvs().stream().filter(kv -> kv.key().equals(leaderKey))
                    .mapToLong(KeyValue::modRevision).findFirst().orElse(0));
            ready = watching.get();
        } finally {
            lock.unlock();
        }
        if (watching.compareAndSet(false, true)) {
            try {
                AutoCloseable h = store.watchPrefix(prefix, range.revision() + 1, this);
                handle = h;
                lock.lock();
                try {
                    ready = watching.get();
                } finally {
                    lock.unlock();
                }
            } catch (RuntimeException e) {
                watching.set(false);
                LOG.warn("could not start watch on {}: {}", prefix, e.toString());
            }
        }
    }

    /** Ends the current {@code awaitLeaderChange} at once (false), or the next one if none waits now. */
    void interruptWait() {
        leader.interruptWait();
    }

    boolean awaitLeaderChange(long expectedLeaderRevision, Duration timeout) {
        return leader.awaitChange(expectedLeaderRevision, timeout);
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        lock.lock();
        try {
            for (WatchEvent e : events) {
                appliedRevision = Math.max(appliedRevision, e.kv().modRevision());
                KeyValue known = kvs.get(e.kv().key());
                if (e.kv().modRevision() <= seededAt
                        || known != null && known.modRevision() >= e.kv().modRevision()) {
                    continue;   // the seeding range already had this (or a newer) state
                }
                boolean deleted = e.type() == WatchEvent.Type.DELETE;
                if (deleted) {
                    kvs.remove(e.kv().key());
                } else {
                    kvs.put(e.kv().key(), e.kv());
                }
                if (e.kv().key().equals(leaderKey)) {
                    setLeaderRevision(deleted ? 0 : e.kv().modRevision());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onBroken(Throwable cause) {
        LOG.warn("watch on {} broke, will read again on next load: {}", leaderKey, String.valueOf(cause));
        lock.lock();
        try {
            ready = false;
            leader.set(LeaderGate.UNKNOWN);
        } finally {
            lock.unlock();
        }
        handle = null;
        watching.set(false);
    }

    void close() {
        AutoCloseable h = handle;
        handle = null;
        watching.set(false);
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.debug("closing watch", e);
            }
        }
    }

    private void setLeaderRevision(long revision) {
        leader.set(revision);
    }
}
