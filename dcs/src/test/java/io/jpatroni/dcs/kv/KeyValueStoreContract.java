package io.jpatroni.dcs.kv;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link KeyValueStore} must share with etcd v3. Run against the in-memory
 * fake (unit) and real etcd (src-it). Each test works under its own random prefix.
 */
public abstract class KeyValueStoreContract {
    protected KeyValueStore store;
    protected String p;

    /** A fresh client on the store under test. */
    protected abstract KeyValueStore newStore();

    /**
     * Lets a lease of {@code ttlSeconds} granted now expire: a fake clock is moved past it; on a real store time
     * passes by itself. The test then awaits the effect, for at most the TTL and 5 seconds.
     */
    protected abstract void letLeaseExpire(long ttlSeconds);

    @BeforeEach
    void openStore() {
        store = newStore();
        p = "/contract/" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void closeStore() {
        store.deletePrefix(p);
        store.close();
    }

    @Test
    void putGetAndRevisions() {
        assertThat(store.put(p + "a", "1", OptionalLong.empty(), Condition.NONE)).isTrue();
        KeyValue first = store.get(p + "a").orElseThrow();
        assertThat(first.value()).isEqualTo("1");
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.createRevision()).isEqualTo(first.modRevision());
        store.put(p + "a", "2", OptionalLong.empty(), Condition.NONE);
        KeyValue second = store.get(p + "a").orElseThrow();
        assertThat(second.modRevision()).isGreaterThan(first.modRevision());
        assertThat(second.createRevision()).isEqualTo(first.createRevision());
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.get(p + "missing")).isEmpty();
    }

    @Test
    void getPrefixIsSortedAndScoped() {
        store.put(p + "b", "2", OptionalLong.empty(), Condition.NONE);
        store.put(p + "a", "1", OptionalLong.empty(), Condition.NONE);
        store.put(p.substring(0, p.length() - 1) + "x", "outside", OptionalLong.empty(), Condition.NONE);
        RangeResult r = store.getPrefix(p);
        assertThat(r.kvs()).extracting(KeyValue::value).containsExactly("1", "2");
        assertThat(r.revision()).isGreaterThanOrEqualTo(r.kvs().get(0).modRevision());
        store.delete(p.substring(0, p.length() - 1) + "x", Condition.NONE);
    }

    @Test
    void createIfAbsentOnlyOnce() {
        assertThat(store.put(p + "k", "first", OptionalLong.empty(), Condition.absent())).isTrue();
        assertThat(store.put(p + "k", "second", OptionalLong.empty(), Condition.absent())).isFalse();
        assertThat(store.get(p + "k").orElseThrow().value()).isEqualTo("first");
    }

    @Test
    void modRevisionCompareAndSet() {
        store.put(p + "k", "v1", OptionalLong.empty(), Condition.NONE);
        long rev = store.get(p + "k").orElseThrow().modRevision();
        assertThat(store.put(p + "k", "v2", OptionalLong.empty(), Condition.modRevision(rev))).isTrue();
        assertThat(store.put(p + "k", "v3", OptionalLong.empty(), Condition.modRevision(rev))).isFalse();
        assertThat(store.get(p + "k").orElseThrow().value()).isEqualTo("v2");
        assertThat(store.put(p + "new", "x", OptionalLong.empty(), Condition.modRevision(0))).isTrue();
        assertThat(store.delete(p + "k", Condition.modRevision(rev))).isFalse();
    }

    @Test
    void valueCompareAndSetAndDelete() {
        store.put(p + "leader", "me", OptionalLong.empty(), Condition.NONE);
        assertThat(store.put(p + "leader", "me", OptionalLong.empty(), Condition.value("you"))).isFalse();
        assertThat(store.delete(p + "leader", Condition.value("you"))).isFalse();
        assertThat(store.delete(p + "leader", Condition.value("me"))).isTrue();
        assertThat(store.get(p + "leader")).isEmpty();
        assertThat(store.delete(p + "leader", Condition.value("me"))).isFalse();
        assertThat(store.delete(p + "leader", Condition.NONE)).isTrue();
        assertThat(store.put(p + "leader", "me", OptionalLong.empty(), Condition.value("me"))).isFalse();
    }

    @Test
    void deletePrefix() {
        store.put(p + "a", "1", OptionalLong.empty(), Condition.NONE);
        store.put(p + "b/c", "2", OptionalLong.empty(), Condition.NONE);
        assertThat(store.deletePrefix(p)).isEqualTo(2);
        assertThat(store.getPrefix(p).kvs()).isEmpty();
    }

    @Test
    void leasesAttachAndRefresh() {
        long lease = store.grantLease(30);
        store.put(p + "m", "x", OptionalLong.of(lease), Condition.NONE);
        assertThat(store.get(p + "m").orElseThrow().lease()).hasValue(lease);
        assertThat(store.keepAliveOnce(lease)).isTrue();
    }

    @Test
    void leaseExpiryDeletesAttachedKeysAndForgetsTheLease() {
        long lease = store.grantLease(2);
        store.put(p + "leader", "me", OptionalLong.of(lease), Condition.absent());
        store.put(p + "plain", "stays", OptionalLong.empty(), Condition.NONE);
        letLeaseExpire(2);
        await().atMost(Duration.ofSeconds(2 + 5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(store.get(p + "leader")).isEmpty());
        assertThat(store.get(p + "plain")).isPresent();
        assertThat(store.keepAliveOnce(lease)).isFalse();
        assertThatThrownBy(() -> store.put(p + "m", "x", OptionalLong.of(lease), Condition.NONE))
                .isInstanceOf(LeaseNotFoundException.class);
        assertThatThrownBy(() -> store.put(p + "m", "x", OptionalLong.of(lease), Condition.absent()))
                .isInstanceOf(LeaseNotFoundException.class);
    }

    /** False for a store that refuses watches (etcd's JSON gateway store, made for short-lived commands). */
    protected boolean watches() {
        return true;
    }

    @Test
    void watchDeliversPutsAndDeletesFromRevision() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(watches(), "this store refuses watches");
        store.put(p + "before", "old", OptionalLong.empty(), Condition.NONE);
        long from = store.getPrefix(p).revision();
        store.put(p + "leader", "a", OptionalLong.empty(), Condition.NONE);
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable w = store.watchPrefix(p, from + 1, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> e) {
                events.addAll(e);
            }

            @Override
            public void onBroken(Throwable cause) {
            }
        });
        store.delete(p + "leader", Condition.NONE);
        store.put("/elsewhere" + p, "x", OptionalLong.empty(), Condition.NONE);
        await().untilAsserted(() -> assertThat(events).extracting(WatchEvent::type)
                .containsExactly(WatchEvent.Type.PUT, WatchEvent.Type.DELETE));
        assertThat(events.get(0).kv().value()).isEqualTo("a");
        assertThat(events.get(1).kv().key()).isEqualTo(p + "leader");
        assertThat(events.get(1).kv().modRevision()).isGreaterThan(events.get(0).kv().modRevision());
        w.close();
        store.put(p + "after", "x", OptionalLong.empty(), Condition.NONE);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(events).as("events after close").hasSize(2));
        store.delete("/elsewhere" + p, Condition.NONE);
    }
}
