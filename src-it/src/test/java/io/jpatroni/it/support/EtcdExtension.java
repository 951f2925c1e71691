package io.jpatroni.it.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * JUnit 5 extension owning an {@link EtcdCluster} for one test class:
 * {@code @RegisterExtension static final EtcdExtension ETCD = new EtcdExtension(1);}
 * Started before the first test, stopped (and its data deleted) after the last, also on failure.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {
    private final int size;
    private EtcdCluster cluster;

    public EtcdExtension(int size) {
        this.size = size;
    }

    public EtcdExtension() {
        this(1);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = EtcdCluster.start(size);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public EtcdCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("etcd not started");
        }
        return cluster;
    }

    public List<String> hosts() {
        return cluster().hosts();
    }
}
