package io.jpatroni.it.ctl;

import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import java.time.Duration;
import java.util.List;

/** Every jpatronictl verb without {@code -c} on a 2-node jpatroni cluster, beside real patronictl. */
class CtlFromEnvironmentOnJPatroniIT extends CtlFromEnvironmentContract {
    private JPatroniCluster cluster;

    @Override
    void startCluster() {
        cluster = JPatroniCluster.start(scope(), 2);
    }

    @Override
    String scope() {
        return "envjp";
    }

    @Override
    EtcdCluster etcd() {
        return cluster.etcd();
    }

    @Override
    List<NodeConfig> nodes() {
        return cluster.nodes().stream().map(JPatroniNode::config).toList();
    }

    @Override
    NodeConfig awaitHealthy(Duration timeout) {
        return cluster.awaitHealthy(timeout).config();
    }

    @Override
    void stopNodes() {
        cluster.nodes().forEach(n -> n.stop(Duration.ofSeconds(60)));
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
