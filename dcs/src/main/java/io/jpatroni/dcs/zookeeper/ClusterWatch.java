package io.jpatroni.dcs.zookeeper;

import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

import io.jpatroni.dcs.watch.LeaderGate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one persistent recursive watch on the cluster's znode says: what changed since the cluster was last read
 * (only the values of some znodes, which the next load reads alone, as Patroni re-reads only {@code status}; or more:
 * a znode created or deleted, the connection dropped and events may have been missed, which takes a whole read), and
 * whether the {@code leader} znode changed, for {@code awaitLeaderChange}. ZooKeeper keeps the watch across the
 * reconnections of a session; a new session needs it registered again ({@link #ensure}).
 *
 * <p>A dropped or expired connection wakes the waiters once, as Patroni's session listener does, so that the HA loop
 * looks at the cluster again at once instead of after {@code loop_wait}.
 */
final class ClusterWatch implements Watcher {
    /** The leader znode changed (or may have) since the last read. */
    static final long CHANGED = -2;

    private final String root;
    private final String leaderPath;
    private final ReentrantLock lock = new ReentrantLock();
    private final LeaderGate leader = new LeaderGate(lock);
    private volatile boolean stale = true;  // a whole read is needed
    private final Set<String> changed = ConcurrentHashMap.newKeySet();   // values to read again
    private volatile long session;          // the session the watch is registered in; 0: none
    // the leader gate holds the mzxid of the leader znode as last read, 0 when absent, CHANGED after an event
    private long leaderEvents;              // leader changes seen, so that a read does not hide a newer one

    ClusterWatch(String root, String leaderPath) {
        this.root = root;
        this.leaderPath = leaderPath;
    }

    /** Registers the watch in {@code zk}'s current session unless it already is there. */
    void ensure(ZooKeeperSession zk) {
        long id = zk.id();
        if (id != 0 && id == session) {
            return;
        }
        zk.watchRecursively(root, this);
        stale = true;
        session = zk.id();
    }

    /** True while the watch runs in {@code zk}'s session and nothing changed since the last read. */
    boolean isFresh(ZooKeeperSession zk) {
        return changed.isEmpty() && isWatchingWholly(zk);
    }

    /**
     * The znodes whose values changed since the last read, taken (the caller reads them now), when that is all that
     * changed; empty when a whole read is needed.
     */
    Optional<List<String>> takeChangedValues(ZooKeeperSession zk) {
        if (!isWatchingWholly(zk)) {
            return Optional.empty();
        }
        List<String> paths = List.copyOf(changed);
        changed.removeAll(paths);
        return Optional.of(paths);
    }

    private boolean isWatchingWholly(ZooKeeperSession zk) {
        long watched = session;
        return !stale && watched != 0 && watched == zk.id();
    }

    boolean isWatching() {
        return session != 0;
    }

    /** A whole read of the cluster starts: any change from now on makes it stale again. Returns its ticket. */
    long readStarts() {
        stale = false;
        changed.clear();
        lock.lock();
        try {
            return leaderEvents;
        } finally {
            lock.unlock();
        }
    }

    /** The read of {@code ticket} found the leader znode at {@code revision} (0: absent), unless it changed since. */
    void readDone(long ticket, long revision) {
        lock.lock();
        try {
            if (leaderEvents == ticket) {
                setLeaderRevision(revision);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A read failed: nothing is known until the next one succeeds. */
    void readFailed() {
        stale = true;
        lock.lock();
        try {
            leader.set(LeaderGate.UNKNOWN);
        } finally {
            lock.unlock();
        }
    }

    /** The watch is gone with its session (ours, or a new one replacing it). */
    void forget() {
        session = 0;
        readFailed();
    }

    /** Ends the current {@code awaitLeaderChange} at once (false), or the next one if none waits now. */
    void interruptWait() {
        leader.interruptWait();
    }

    /** Blocks until the leader znode is known to differ from {@code expected} (0: absent); false after the timeout. */
    boolean awaitLeaderChange(long expected, Duration timeout) {
        return leader.awaitChange(expected, timeout);
    }

    @Override
    public void process(WatchedEvent event) {
        if (event.getType() == Event.EventType.None) {
            return;   // connection states come through connectionChanged
        }
        if (event.getType() == Event.EventType.NodeDataChanged && !leaderPath.equals(event.getPath())) {
            changed.add(event.getPath());
            return;
        }
        stale = true;
        if (leaderPath.equals(event.getPath())) {
            leaderMayHaveChanged();
        }
    }

    /** The current session's connection went to {@code newState}. */
    void connectionChanged(ConnectionState newState) {
        switch (newState) {
            case SUSPENDED, RECONNECTED -> {
                stale = true;
                leaderMayHaveChanged();
            }
            case LOST -> {
                session = 0;
                stale = true;
                leaderMayHaveChanged();
            }
            default -> {
            }
        }
    }

    private void leaderMayHaveChanged() {
        lock.lock();
        try {
            leaderEvents++;
            setLeaderRevision(CHANGED);
        } finally {
            lock.unlock();
        }
    }

    private void setLeaderRevision(long revision) {
        leader.set(revision);
    }
}
