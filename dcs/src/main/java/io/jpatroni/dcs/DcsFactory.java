package io.jpatroni.dcs;

import io.jpatroni.dcs.etcd3.Etcd3GatewayKeyValueStore;
import io.jpatroni.dcs.etcd3.Etcd3KeyValueStore;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.Keys;
import io.jpatroni.dcs.kv.KvDcs;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.zookeeper.ZooKeeperDcs;

import java.time.Duration;

/**
 * Hands each caller the face of the DCS it needs: a member's HA loop gets a {@link Dcs} (its session and its
 * cluster's store), jpatronictl a {@link ClusterStore}. Connecting is lazy: an unreachable etcd or ZooKeeper shows as
 * {@link DcsUnavailableException} on the first call. Every request is bounded by the retry timeout; the clients fail
 * over between the given hosts.
 */
public final class DcsFactory {
    /** A store never grants a lease: the ttl and member name of its unused session part. */
    private static final int STORE_TTL = 30;
    private static final String STORE_MEMBER = "";

    private DcsFactory() {
    }

    /** A member's DCS on etcd v3 at {@code /<namespace>/<scope>/}. */
    public static Dcs etcd3(Etcd3Settings settings, String namespace, String scope, String memberName, int ttl,
                            Duration retryTimeout) {
        return new KvDcs(Etcd3KeyValueStore.connect(settings, retryTimeout), true, Keys.of(namespace, scope),
                memberName, ttl);
    }

    /** The cluster at {@code /<namespace>/<scope>/} on etcd v3, for reading and for users' changes. */
    public static ClusterStore etcd3Store(Etcd3Settings settings, String namespace, String scope,
                                          Duration retryTimeout) {
        return store(Etcd3KeyValueStore.connect(settings, retryTimeout), true, namespace, scope);
    }

    /**
     * The same through etcd's v3 JSON gateway (one blocking HTTP request per call, no gRPC channel): for short-lived
     * commands that read and write a few keys; it cannot watch, so {@link ClusterStore#awaitLeaderChange} is refused.
     */
    public static ClusterStore etcd3GatewayStore(Etcd3Settings settings, String namespace, String scope,
                                                 Duration retryTimeout) {
        return store(Etcd3GatewayKeyValueStore.connect(settings, retryTimeout), true, namespace, scope);
    }

    /** A member's DCS on ZooKeeper at {@code /<namespace>/<scope>/}: its session timeout is {@code ttl}. */
    public static Dcs zooKeeper(ZooKeeperSettings settings, String namespace, String scope, String memberName, int ttl,
                                Duration retryTimeout) {
        return new ZooKeeperDcs(settings, Keys.of(namespace, scope), memberName, ttl, retryTimeout);
    }

    /** The cluster at {@code /<namespace>/<scope>/} on ZooKeeper, for reading and for users' changes. */
    public static ClusterStore zooKeeperStore(ZooKeeperSettings settings, String namespace, String scope,
                                              Duration retryTimeout) {
        return new ZooKeeperDcs(settings, Keys.of(namespace, scope), STORE_MEMBER, STORE_TTL, retryTimeout);
    }

    /** A member's DCS on a shared in-memory store (tests, dev mode); closing it leaves the store open. */
    public static Dcs inMemory(InMemoryKeyValueStore store, String namespace, String scope, String memberName,
                               int ttl) {
        return new KvDcs(store, false, Keys.of(namespace, scope), memberName, ttl);
    }

    /** A cluster on a shared in-memory store (tests); closing it leaves the store open. */
    public static ClusterStore inMemoryStore(InMemoryKeyValueStore store, String namespace, String scope) {
        return store(store, false, namespace, scope);
    }

    private static ClusterStore store(KeyValueStore kv, boolean owns, String namespace, String scope) {
        return new KvDcs(kv, owns, Keys.of(namespace, scope), STORE_MEMBER, STORE_TTL);
    }
}
