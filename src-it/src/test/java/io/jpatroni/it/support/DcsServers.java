package io.jpatroni.it.support;

import java.util.List;

/** The DCS a test cluster's members talk to: real etcd or ZooKeeper servers the test started on loopback. */
public interface DcsServers extends AutoCloseable {
    /** The section of Patroni's configuration that names them: {@code etcd3} or {@code zookeeper}. */
    String section();

    /** {@code 127.0.0.1:port} of every server. */
    List<String> hosts();

    /** The last {@code lines} lines of every server's log. */
    String logs(int lines);

    /** Kills every server and deletes their data. */
    @Override
    void close();
}
