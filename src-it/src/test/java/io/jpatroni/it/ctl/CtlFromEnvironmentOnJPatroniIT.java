package io.jpatroni.it.ctl;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every jpatronictl verb without {@code -c} on a 2-node jpatroni cluster, beside real patronictl. */
class CtlFromEnvironmentOnJPatroniIT extends CtlFromEnvironmentContract {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("envjp", 2));

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
        return CLUSTER.cluster().nodes().stream().map(JPatroniNode::config).toList();
    }

    @Override
    NodeConfig awaitHealthy(Duration timeout) {
        return CLUSTER.cluster().awaitHealthy(timeout).config();
    }

    @Override
    void stopNodes() {
        CLUSTER.cluster().nodes().forEach(n -> n.stop(Duration.ofSeconds(60)));
    }
}
