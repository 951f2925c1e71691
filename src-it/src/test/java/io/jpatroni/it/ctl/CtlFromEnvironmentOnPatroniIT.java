package io.jpatroni.it.ctl;

import org.junit.jupiter.api.Tag;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every jpatronictl verb without {@code -c} on a real Patroni 3.0.2 cluster (2 nodes), beside real patronictl. */
@Tag("extended") // long tier (scripts/test --all): the jpatroni-only IT beside it covers the same feature in CI
class CtlFromEnvironmentOnPatroniIT extends CtlFromEnvironmentContract {
    @RegisterExtension
    static final ClusterExtension<PatroniCluster> CLUSTER = ClusterExtension.of(() -> PatroniCluster.start("envpy", 2));

    @Override
    String scope() {
        return CLUSTER.cluster().scope();
    }

    @Override
    EtcdCluster etcd() {
        return CLUSTER.cluster().etcd();
    }

    @Override
    List<NodeConfig> nodes() {
        return CLUSTER.cluster().nodes();
    }

    @Override
    NodeConfig awaitHealthy(Duration timeout) {
        return CLUSTER.cluster().awaitHealthy(timeout);
    }

    @Override
    void stopNodes() {
        CLUSTER.cluster().stopNodes();
    }
}
