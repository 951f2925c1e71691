package io.jpatroni.it.support;

import java.nio.file.Path;
import java.time.Duration;

/** A cluster of real processes on loopback (etcd, the members, HAProxy if any), as {@link ClusterExtension} runs it. */
public interface TestCluster extends AutoCloseable {
    /**
     * Starts every member that is not running (from its configuration file) and waits up to {@code timeout} for one
     * leader with every other member streaming from it, and for HAProxy, if any, routing writes to that leader and
     * reads to a replica. Without members there is nothing to wait for.
     */
    void restoreHealth(Duration timeout);

    /** The last {@code lines} lines of every process's log: each member, etcd, HAProxy. */
    String logs(int lines);

    /** Where the cluster keeps its files (data directories, configuration, logs). */
    Path dir();

    /** Removes them; called after {@link #close()} when no test failed on the cluster. */
    void deleteFiles();

    /** Stops every process (even after a failure) and leaves no postmaster behind. */
    @Override
    void close();
}
