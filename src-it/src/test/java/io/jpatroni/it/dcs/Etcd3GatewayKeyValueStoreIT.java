package io.jpatroni.it.dcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.etcd3.Etcd3GatewayKeyValueStore;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.KeyValueStoreContract;
import io.jpatroni.dcs.kv.WatchListener;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The key-value store contract against a real etcd through its v3 JSON gateway (jpatronictl's store): reads,
 * compare-and-set writes, leases; watches are refused. A host that does not answer is skipped for the next.
 */
class Etcd3GatewayKeyValueStoreIT extends KeyValueStoreContract {
    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @Override
    protected KeyValueStore newStore() {
        return Etcd3GatewayKeyValueStore.connect(Etcd3Settings.plain(ETCD.cluster().hosts()), Duration.ofSeconds(5));
    }

    @Override
    protected void letLeaseExpire(long ttlSeconds) {
    }

    @Override
    protected boolean watches() {
        return false;
    }

    @Test
    void refusesWatches() {
        try (KeyValueStore store = newStore()) {
            assertThatThrownBy(() -> store.watchPrefix("/service/", 1, new WatchListener() {
                @Override
                public void onEvents(List<io.jpatroni.dcs.kv.WatchEvent> events) {
                }

                @Override
                public void onBroken(Throwable cause) {
                }
            })).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void skipsAHostThatDoesNotAnswerAndFailsWhenNoneDoes() {
        List<String> hosts = List.of("127.0.0.1:1", ETCD.cluster().hosts().get(0));
        try (KeyValueStore store = Etcd3GatewayKeyValueStore.connect(Etcd3Settings.plain(hosts),
                Duration.ofSeconds(5))) {
            assertThat(store.put("/gw/skip", "x", OptionalLong.empty(),
                    io.jpatroni.dcs.kv.Condition.NONE)).isTrue();
            assertThat(store.get("/gw/skip")).get().extracting(kv -> kv.value()).isEqualTo("x");
            assertThat(store.deletePrefix("/gw/")).isEqualTo(1);
        }
        try (KeyValueStore store = Etcd3GatewayKeyValueStore.connect(Etcd3Settings.plain(List.of("127.0.0.1:1")),
                Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> store.getPrefix("/gw/")).isInstanceOf(DcsUnavailableException.class)
                    .hasMessageContaining("etcd3: get /gw/ failed");
        }
    }
}
