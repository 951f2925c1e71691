package io.jpatroni.it.dcs;

import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.etcd3.Etcd3KeyValueStore;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.KeyValueStoreContract;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** The key-value store contract against a real etcd. */
class Etcd3KeyValueStoreIT extends KeyValueStoreContract {
    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @Override
    protected KeyValueStore newStore() {
        return Etcd3KeyValueStore.connect(Etcd3Settings.plain(ETCD.cluster().hosts()), Duration.ofSeconds(5));
    }

    /** Nothing to do: etcd expires leases on its own clock, and the contract awaits the effect. */
    @Override
    protected void letLeaseExpire(long ttlSeconds) {
    }
}
