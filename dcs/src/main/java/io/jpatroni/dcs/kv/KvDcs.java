package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import io.jpatroni.pycompat.PyJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link Dcs} (both the {@link io.jpatroni.dcs.ClusterStore} and the {@link io.jpatroni.dcs.MemberSession}) on top
 * of any {@link KeyValueStore}: owns Patroni's key layout and values ({@link ClusterCodec}), the member lease and
 * the leader watch. Lock writes follow Patroni's etcd3 transactions: acquire is
 * "create_revision == 0 → put with lease", keep is "value == me → put with lease" (only when the
 * key is not yet on our current lease, so a steady leader does not bump the key's revision and wake
 * every replica), release is "value == me → delete".
 */
public final class KvDcs implements Dcs {
    private static final Logger LOG = LoggerFactory.getLogger(KvDcs.class);

    private final KeyValueStore store;
    private final boolean ownsStore;
    private final Keys keys;
    private final String name;
    private final ClusterCodec codec = new ClusterCodec();
    private final ClusterCache cache;
    private final Object leaseLock = new Object();
    private volatile int ttl;
    private OptionalLong lease = OptionalLong.empty();
    private boolean leaseRefreshedSinceLoad;
    private volatile boolean dirty = true;
    private volatile boolean cycling;        // load() was called: this is a member session
    private volatile String memberWritten;
    private volatile long memberWrittenLease;
    private volatile String statusSeen;
    private volatile Optional<KeyValue> leaderSeen = Optional.empty();
    private volatile OptionalLong initializeRevisionSeen = OptionalLong.empty();
    private final ClusterDecoder decoder = new ClusterDecoder(codec);

    public KvDcs(KeyValueStore store, boolean ownsStore, Keys keys, String memberName, int ttl) {
        this.store = store;
        this.ownsStore = ownsStore;
        this.keys = keys;
        this.name = memberName;
        this.ttl = ttl;
        this.cache = new ClusterCache(keys.key(Keys.LEADER));
    }

    @Override
    public String memberName() {
        return name;
    }

    /** The lease this member currently holds, if one was granted. */
    private OptionalLong currentLease() {
        synchronized (leaseLock) {
            return lease;
        }
    }

    /**
     * The cache when it can be trusted to hold our own writes, else one range read; seeds nothing and leaves the
     * cycle's view and lease bookkeeping alone (any thread may call it, and a second seeding could put an older range
     * over newer watch events).
     */
    @Override
    public Cluster read() {
        List<KeyValue> kvs = dirty ? null : cache.snapshot().orElse(null);
        if (kvs == null) {
            kvs = store.getPrefix(keys.prefix()).kvs();
        }
        return decoder.decode(keys, kvs);
    }

    /**
     * Reads the cluster from the watch-fed cache, as Patroni's etcd3 backend does; a range read only
     * when no watch runs yet, after it broke, or after this member changed a key the caller may
     * immediately rely on (lock, initialize, config...), so that a steady cycle costs etcd nothing.
     */
    @Override
    public Cluster load() {
        cycling = true;
        List<KeyValue> kvs = dirty ? null : cache.snapshot().orElse(null);
        if (kvs == null) {
            dirty = false;
            RangeResult range = store.getPrefix(keys.prefix());
            cache.seed(store, keys.prefix(), range);
            kvs = range.kvs();
        }
        synchronized (leaseLock) {
            leaseRefreshedSinceLoad = false;
        }
        String leaderKey = keys.key(Keys.LEADER);
        String initKey = keys.key(Keys.INITIALIZE);
        String statusKey = keys.key(Keys.STATUS);
        leaderSeen = kvs.stream().filter(kv -> kv.key().equals(leaderKey)).findFirst();
        statusSeen = kvs.stream().filter(kv -> kv.key().equals(statusKey)).map(KeyValue::value).findFirst()
                .orElse(null);
        initializeRevisionSeen = OptionalLong.of(kvs.stream().filter(kv -> kv.key().equals(initKey))
                .mapToLong(KeyValue::modRevision).findFirst().orElse(0));
        return decoder.decode(keys, kvs);
    }

    @Override
    public boolean attemptToAcquireLeader() {
        refreshLease();
        dirty = true;
        boolean won = putWithLease(keys.key(Keys.LEADER), name, Condition.absent());
        if (!won) {
            LOG.info("{}: could not take out TTL lock", name);
        }
        return won;
    }

    @Override
    public boolean updateLeader(LeaderStatus status) {
        long ours = refreshLease();
        String leaderKey = keys.key(Keys.LEADER);
        // the cycle's load() says who holds the key; after our own lock writes that view is stale: ask etcd
        Optional<KeyValue> current = dirty ? store.get(leaderKey) : leaderSeen;
        if (current.isEmpty() || !current.get().value().equals(name)) {
            LOG.warn("{}: leader key is {}, not ours", name, current.map(KeyValue::value).orElse("absent"));
            return false;
        }
        if (current.get().lease().orElse(0) != ours) {
            dirty = true;
            if (!putWithLease(leaderKey, name, Condition.value(name))) {
                return false;
            }
        }
        if (status.optime() > 0) {
            String value = codec.encodeStatus(status.optime(), status.slots(), status.retainSlots());
            if (!value.equals(statusSeen)) {
                writeQuietly(Keys.STATUS, value);
                statusSeen = value;
            }
        }
        return true;
    }

    @Override
    public boolean deleteLeader(OptionalLong lastLsn) {
        dirty = true;
        if (lastLsn.isPresent() && lastLsn.getAsLong() > 0) {
            writeQuietly(Keys.STATUS, codec.encodeStatus(lastLsn.getAsLong(), Map.of(), List.of()));
        }
        boolean deleted = store.delete(keys.key(Keys.LEADER), Condition.value(name));
        if (deleted) {
            LOG.info("{}: released the leader lock", name);
        }
        return deleted;
    }

    @Override
    public boolean touchMember(Map<String, Object> data) {
        long ours = refreshLease();
        String value = codec.encodeMember(data);
        if (value.equals(memberWritten) && memberWrittenLease == ours) {
            return true;
        }
        boolean written = putWithLease(keys.member(name), value, Condition.NONE);
        if (written) {
            memberWritten = value;
            memberWrittenLease = currentLease().orElse(0);
        }
        return written;
    }

    @Override
    public boolean initialize(boolean create, String sysid) {
        dirty = true;
        Condition condition = create ? Condition.absent()
                : initializeRevisionSeen.isPresent() ? Condition.modRevision(initializeRevisionSeen.getAsLong())
                : Condition.NONE;
        return store.put(keys.key(Keys.INITIALIZE), sysid, OptionalLong.empty(), condition);
    }

    @Override
    public boolean cancelInitialization() {
        dirty = true;
        return store.delete(keys.key(Keys.INITIALIZE), Condition.NONE);
    }

    @Override
    public boolean setConfig(Map<String, Object> config, OptionalLong modRevision) {
        return casPut(Keys.CONFIG, codec.write(config), modRevision);
    }

    @Override
    public boolean setConfigAsPatronictl(Map<String, Object> config, OptionalLong modRevision) {
        return casPut(Keys.CONFIG, PyJson.dumps(config), modRevision);
    }

    @Override
    public boolean setFailover(Failover failover, OptionalLong modRevision) {
        return casPut(Keys.FAILOVER, codec.encodeFailover(failover), modRevision);
    }

    @Override
    public boolean setSyncState(SyncState state, OptionalLong modRevision) {
        return casPut(Keys.SYNC, codec.encodeSync(state), modRevision);
    }

    @Override
    public boolean deleteSyncState(OptionalLong modRevision) {
        dirty = true;
        return store.delete(keys.key(Keys.SYNC), cas(modRevision));
    }

    @Override
    public boolean setHistory(List<HistoryLine> lines) {
        return casPut(Keys.HISTORY, codec.encodeHistory(lines), OptionalLong.empty());
    }

    @Override
    public boolean writeFailsafe(Map<String, String> members) {
        return casPut(Keys.FAILSAFE, codec.encodeFailsafe(members), OptionalLong.empty());
    }

    @Override
    public boolean deleteFailsafe() {
        dirty = true;
        return store.delete(keys.key(Keys.FAILSAFE), Condition.NONE);
    }

    @Override
    public boolean deleteCluster() {
        dirty = true;
        memberWritten = null;
        store.deletePrefix(keys.prefix());
        return true;
    }

    /**
     * A member's watch is (re)started by its loop's load(), which also deals with an unreachable DCS; a store that
     * never loads (jpatronictl's) starts it here.
     */
    @Override
    public boolean awaitLeaderChange(OptionalLong leaderModRevision, Duration timeout) {
        if (!cycling && !cache.isWatching()) {
            RangeResult range = store.getPrefix(keys.prefix());
            cache.seed(store, keys.prefix(), range);
        }
        return cache.awaitLeaderChange(leaderModRevision.orElse(0), timeout);
    }

    @Override
    public void interruptWait() {
        cache.interruptWait();
    }

    @Override
    public boolean interruptibleWaits() {
        return true;
    }

    @Override
    public void setTtl(int seconds) {
        if (seconds != ttl) {
            LOG.info("{}: ttl changed from {} to {}, a new lease will be granted", name, ttl, seconds);
            ttl = seconds;
            synchronized (leaseLock) {
                lease = OptionalLong.empty();   // old lease keeps our keys alive until re-attached
            }
        }
    }

    @Override
    public boolean reconnect(io.jpatroni.dcs.Etcd3Settings settings) {
        if (!store.reconnect(settings)) {
            return false;
        }
        cache.close();   // the watch ran on the old client: the next load reads and watches through the new one
        dirty = true;
        return true;
    }

    @Override
    public void setCallBudget(java.util.function.Supplier<Duration> budget) {
        store.setBudget(budget);
    }

    @Override
    public void setRetryTimeout(Duration retryTimeout) {
        store.setTimeout(retryTimeout);
    }

    @Override
    public void close() {
        cache.close();
        if (ownsStore) {
            store.close();
        }
    }

    /** Keeps our lease alive once per cycle (the first call after a load), granting a new one if it expired. */
    private long refreshLease() {
        synchronized (leaseLock) {
            if (lease.isPresent() && leaseRefreshedSinceLoad) {
                return lease.getAsLong();
            }
            leaseRefreshedSinceLoad = true;
            if (lease.isPresent() && !store.keepAliveOnce(lease.getAsLong())) {
                LOG.warn("{}: lease {} expired, granting a new one", name, Long.toHexString(lease.getAsLong()));
                lease = OptionalLong.empty();
            }
            if (lease.isEmpty()) {
                lease = OptionalLong.of(store.grantLease(ttl));
            }
            return lease.getAsLong();
        }
    }

    private boolean putWithLease(String key, String value, Condition condition) {
        long ours = refreshLeaseIfMissing();
        try {
            return store.put(key, value, OptionalLong.of(ours), condition);
        } catch (LeaseNotFoundException e) {
            LOG.error("{}: our lease disappeared from the DCS, granting a new one and retrying", name);
            synchronized (leaseLock) {
                if (lease.isPresent() && lease.getAsLong() == ours) {
                    lease = OptionalLong.empty();
                }
            }
            return store.put(key, value, OptionalLong.of(refreshLeaseIfMissing()), condition);
        }
    }

    private long refreshLeaseIfMissing() {
        synchronized (leaseLock) {
            if (lease.isEmpty()) {
                lease = OptionalLong.of(store.grantLease(ttl));
            }
            return lease.getAsLong();
        }
    }

    private boolean casPut(String relKey, String value, OptionalLong modRevision) {
        dirty = true;
        return store.put(keys.key(relKey), value, OptionalLong.empty(), cas(modRevision));
    }

    private static Condition cas(OptionalLong modRevision) {
        return modRevision.isPresent() ? Condition.modRevision(modRevision.getAsLong()) : Condition.NONE;
    }

    private void writeQuietly(String relKey, String value) {
        try {
            store.put(keys.key(relKey), value, OptionalLong.empty(), Condition.NONE);
        } catch (DcsCutShortException e) {
            throw e;   // the caller's budget ran out: it handles the outage now, not a cycle later
        } catch (DcsUnavailableException e) {
            LOG.warn("{}: could not write {}: {}", name, relKey, e.getMessage());
        }
    }
}
