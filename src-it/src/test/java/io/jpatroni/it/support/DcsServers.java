package io.jpatroni.it.support;

import java.util.List;

/**
 * The DCS a test cluster's members talk to: real etcd or ZooKeeper servers the test started on loopback. Alone, it is
 * a {@link TestCluster} of its own for {@link ClusterExtension} (the DCS contract ITs): healthy again when every
 * server a test stopped serves again.
 */
public interface DcsServers extends TestCluster {
    /** The section of Patroni's configuration that names them: {@code etcd3} or {@code zookeeper}. */
    String section();

    /** {@code 127.0.0.1:port} of every server. */
    List<String> hosts();

    /** The last {@code lines} lines of every server's log. */
    @Override
    String logs(int lines);

    /** Kills every server and deletes their data. */
    @Override
    void close();
}
