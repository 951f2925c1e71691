package io.jpatroni.it.ctl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.PatroniCluster;
import java.time.Duration;
import java.util.List;

/** Every jpatronictl verb without {@code -c} on a real Patroni 3.0.2 cluster (2 nodes), beside real patronictl. */
class CtlFromEnvironmentOnPatroniIT extends CtlFromEnvironmentContract {
    private PatroniCluster cluster;

    @Override
    void startCluster() {
        assumeTrue(PatroniCluster.available(), "patroni is not installed");
        cluster = PatroniCluster.start(scope(), 2);
    }

    @Override
    String scope() {
        return "envpy";
    }

    @Override
    EtcdCluster etcd() {
        return cluster.etcd();
    }

    @Override
    List<NodeConfig> nodes() {
        return cluster.nodes();
    }

    @Override
    NodeConfig awaitHealthy(Duration timeout) {
        return cluster.awaitHealthy(timeout);
    }

    @Override
    void stopNodes() {
        cluster.stopNodes();
    }

    @Override
    String logs() {
        return cluster.logs(40);
    }

    @Override
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
