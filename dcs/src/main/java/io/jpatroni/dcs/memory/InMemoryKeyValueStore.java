package io.jpatroni.dcs.memory;

import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.kv.Condition;
import io.jpatroni.dcs.kv.KeyValue;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.LeaseNotFoundException;
import io.jpatroni.dcs.kv.RangeResult;
import io.jpatroni.dcs.kv.WatchEvent;
import io.jpatroni.dcs.kv.WatchListener;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A faithful in-process fake of etcd v3 for tests and dev mode: one global revision, per-key
 * create/mod revision and version, leases that expire by the injected {@link Clock} (checked on
 * every call and by {@link #expireLeases()}), single-compare transactions and prefix watches with
 * history replay. {@link #setAvailable(boolean)} simulates an unreachable DCS.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
    private final Clock clock;
    private final TreeMap<String, KeyValue> data = new TreeMap<>();
    private final Map<Long, Lease> leases = new HashMap<>();
    private final List<Registration> watches = new CopyOnWriteArrayList<>();
    private final List<WatchEvent> history = new ArrayList<>();
    private long revision = 1;
    private long nextLease = 0x5ac9a200e3d1d500L;
    private volatile boolean available = true;

    private record Lease(long ttlSeconds, Instant expiresAt) {
    }

    private record Registration(String prefix, WatchListener listener) {
    }

    public InMemoryKeyValueStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryKeyValueStore() {
        this(Clock.systemUTC());
    }

    /** When false, every call throws {@link DcsUnavailableException} (simulated outage). */
    public void setAvailable(boolean available) {
        List<Registration> broken;
        synchronized (this) {
            this.available = available;
            broken = available ? List.of() : List.copyOf(watches);
            if (!available) {
                watches.clear();
            }
        }
        // an unreachable etcd ends every watch stream, as a real one does
        broken.forEach(r -> r.listener().onBroken(new DcsUnavailableException("in-memory store set unavailable")));
    }

    public synchronized long revision() {
        return revision;
    }

    /** Number of live leases (after expiry). */
    public synchronized int leaseCount() {
        expireLeases();
        return leases.size();
    }

    /** Drops every lease whose TTL has passed by the clock, deleting its keys and notifying watches. */
    public synchronized void expireLeases() {
        Instant now = clock.instant();
        List<Long> expired = leases.entrySet().stream().filter(e -> !e.getValue().expiresAt().isAfter(now))
                .map(Map.Entry::getKey).toList();
        expired.forEach(this::dropLease);
    }

    @Override
    public synchronized RangeResult getPrefix(String prefix) {
        enter();
        return new RangeResult(revision, new ArrayList<>(data.subMap(prefix, prefix + Character.MAX_VALUE).values()));
    }

    @Override
    public synchronized Optional<KeyValue> get(String key) {
        enter();
        return Optional.ofNullable(data.get(key));
    }

    /** Sets {@code key} unconditionally, without a lease: a value as some member wrote it (seeding, replaying). */
    public void put(String key, String value) {
        put(key, value, OptionalLong.empty(), Condition.NONE);
    }

    @Override
    public synchronized boolean put(String key, String value, OptionalLong lease, Condition condition) {
        enter();
        if (lease.isPresent() && !leases.containsKey(lease.getAsLong())) {
            throw new LeaseNotFoundException(lease.getAsLong());
        }
        KeyValue current = data.get(key);
        if (!condition.test(current)) {
            return false;
        }
        long rev = ++revision;
        KeyValue kv = new KeyValue(key, value, current == null ? rev : current.createRevision(), rev,
                current == null ? 1 : current.version() + 1, lease);
        data.put(key, kv);
        publish(List.of(new WatchEvent(WatchEvent.Type.PUT, kv)));
        return true;
    }

    @Override
    public synchronized boolean delete(String key, Condition condition) {
        enter();
        KeyValue current = data.get(key);
        if (!condition.test(current)) {
            return false;
        }
        if (current != null) {
            long rev = ++revision;
            data.remove(key);
            publish(List.of(deleted(key, rev)));
        }
        return true;
    }

    @Override
    public synchronized long deletePrefix(String prefix) {
        enter();
        List<String> keys = new ArrayList<>(data.subMap(prefix, prefix + Character.MAX_VALUE).keySet());
        if (!keys.isEmpty()) {
            long rev = ++revision;
            keys.forEach(data::remove);
            publish(keys.stream().map(k -> deleted(k, rev)).toList());
        }
        return keys.size();
    }

    @Override
    public synchronized long grantLease(long ttlSeconds) {
        enter();
        long id = ++nextLease;
        leases.put(id, new Lease(ttlSeconds, clock.instant().plusSeconds(ttlSeconds)));
        return id;
    }

    @Override
    public synchronized boolean keepAliveOnce(long lease) {
        enter();
        Lease l = leases.get(lease);
        if (l == null) {
            return false;
        }
        leases.put(lease, new Lease(l.ttlSeconds(), clock.instant().plusSeconds(l.ttlSeconds())));
        return true;
    }

    @Override
    public synchronized AutoCloseable watchPrefix(String prefix, long fromRevision, WatchListener listener) {
        enter();
        Registration reg = new Registration(prefix, listener);
        List<WatchEvent> replay = history.stream()
                .filter(e -> e.kv().modRevision() >= fromRevision && e.kv().key().startsWith(prefix)).toList();
        if (!replay.isEmpty()) {
            listener.onEvents(replay);
        }
        watches.add(reg);
        return () -> watches.remove(reg);
    }

    @Override
    public void close() {
        // nothing to release; a shared fake outlives the clients that use it
    }

    private void enter() {
        if (!available) {
            throw new DcsUnavailableException("in-memory DCS is marked unavailable");
        }
        expireLeases();
    }

    private void dropLease(long lease) {
        leases.remove(lease);
        List<String> keys = data.values().stream()
                .filter(kv -> kv.lease().isPresent() && kv.lease().getAsLong() == lease).map(KeyValue::key).toList();
        if (!keys.isEmpty()) {
            long rev = ++revision;
            keys.forEach(data::remove);
            publish(keys.stream().map(k -> deleted(k, rev)).toList());
        }
    }

    private static WatchEvent deleted(String key, long rev) {
        return new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(key, "", 0, rev, 0, OptionalLong.empty()));
    }

    private void publish(List<WatchEvent> events) {
        history.addAll(events);
        if (history.size() > 10_000) {
            history.subList(0, history.size() - 10_000).clear();
        }
        for (Registration r : watches) {
            List<WatchEvent> mine = events.stream().filter(e -> e.kv().key().startsWith(r.prefix())).toList();
            if (!mine.isEmpty()) {
                r.listener().onEvents(mine);
            }
        }
    }
}
