package io.jpatroni.it.dcs;

import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.kv.KvDcsContract;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** {@code Dcs} and {@code ClusterStore} semantics (lock race, lease expiry, CAS, typed values, watch wake-ups, ttl change) on a real etcd. */
class Etcd3KvDcsIT extends KvDcsContract {
    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @Override
    protected Dcs newDcs(String scope, String member, int ttl) {
        return DcsFactory.etcd3(Etcd3Settings.plain(ETCD.cluster().hosts()), "/service", scope, member, ttl, Duration.ofSeconds(5));
    }

    /** Nothing to do: etcd expires leases on its own clock, and the contract awaits the effect. */
    @Override
    protected ClusterStore newStore(String scope) {
        return DcsFactory.etcd3Store(Etcd3Settings.plain(ETCD.cluster().hosts()), "/service", scope, Duration.ofSeconds(5));
    }

    @Override
    protected void letLeasesExpire(int ttl) {
    }
}
