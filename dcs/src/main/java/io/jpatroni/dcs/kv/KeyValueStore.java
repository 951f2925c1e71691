package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.DcsUnavailableException;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A minimal etcd-v3-shaped key-value store: linearizable reads, single-compare transactions,
 * leases and prefix watches. Every method either completes within the store's timeout or throws
 * {@link DcsUnavailableException}; a failed compare is a normal {@code false}, never an exception.
 */
public interface KeyValueStore extends AutoCloseable {

    /** All keys starting with {@code prefix}, sorted by key, with the revision they were read at. */
    RangeResult getPrefix(String prefix);

    Optional<KeyValue> get(String key);

    /**
     * Atomically: if {@code condition} holds for {@code key}, put {@code value} (attached to
     * {@code lease} when present). Returns whether the put happened.
     *
     * @throws LeaseNotFoundException when the lease is unknown to the store
     */
    boolean put(String key, String value, OptionalLong lease, Condition condition);

    /** Atomically: if {@code condition} holds, delete {@code key}. True when the condition held. */
    boolean delete(String key, Condition condition);

    /** Deletes every key starting with {@code prefix}; returns how many were deleted. */
    long deletePrefix(String prefix);

    /** Grants a new lease of {@code ttlSeconds}; returns its id. */
    long grantLease(long ttlSeconds);

    /** Refreshes {@code lease} once to its full TTL. False when the lease no longer exists. */
    boolean keepAliveOnce(long lease);

    /**
     * Watches every key under {@code prefix} from {@code fromRevision} (inclusive) on. Events are
     * delivered on a store thread. Closing the handle stops the watch without calling {@code onBroken}.
     */
    AutoCloseable watchPrefix(String prefix, long fromRevision, WatchListener listener);

    /** Bound for every request from now on (derived from Patroni's {@code retry_timeout}). */
    default void setTimeout(Duration timeout) {
    }

    /** A second bound asked before every request; see {@link io.jpatroni.dcs.MemberSession#setCallBudget}. */
    default void setBudget(java.util.function.Supplier<Duration> budget) {
    }

    @Override
    void close();
}
