package io.jpatroni.dcs;

import io.jpatroni.dcs.etcd3.Etcd3KeyValueStore;
import io.jpatroni.dcs.kv.Keys;
import io.jpatroni.dcs.kv.KvDcs;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;

import java.time.Duration;

/** Builds {@link Dcs} instances. */
public final class DcsFactory {
    private DcsFactory() {
    }

    /**
     * A member's DCS on etcd v3 at {@code /<namespace>/<scope>/}. Connecting is lazy: an
     * unreachable etcd shows as {@link DcsUnavailableException} on the first call. Every request is
     * bounded by {@code retryTimeout}; the client fails over between the given hosts.
     */
    public static Dcs etcd3(Etcd3Settings settings, String namespace, String scope, String memberName, int ttl,
                            Duration retryTimeout) {
        return new KvDcs(Etcd3KeyValueStore.connect(settings, retryTimeout), true, Keys.of(namespace, scope),
                memberName, ttl);
    }

    /** A member's DCS on a shared in-memory store (tests, dev mode); closing it leaves the store open. */
    public static Dcs inMemory(InMemoryKeyValueStore store, String namespace, String scope, String memberName,
                               int ttl) {
        return new KvDcs(store, false, Keys.of(namespace, scope), memberName, ttl);
    }
}
