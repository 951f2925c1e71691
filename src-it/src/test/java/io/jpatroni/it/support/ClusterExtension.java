package io.jpatroni.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 extension owning a {@link TestCluster} of real processes, as jetcd's {@code EtcdClusterExtension} owns etcd:
 * <pre>
 * &#64;RegisterExtension
 * static final ClusterExtension&lt;JPatroniCluster&gt; CLUSTER =
 *         ClusterExtension.of(() -&gt; JPatroniCluster.start("basic", 3).withHaProxy());
 *
 * &#64;Test
 * void somethingAboutTheLeader(JPatroniCluster cluster) { ... }
 * </pre>
 * <ul>
 * <li>In a static field, one cluster serves the test class: it is started and waited for before the first method,
 *     and before every method it is brought back to health ({@link TestCluster#restoreHealth}: stopped members
 *     started again, one leader, every replica streaming, HAProxy routing), so that each method passes alone and in
 *     any order without paying for a cluster of its own.</li>
 * <li>In an instance field, each method gets a new cluster.</li>
 * </ul>
 * Test and lifecycle methods receive the cluster as a parameter. When one fails, its failure carries the tail of every
 * process's log (members, etcd, HAProxy), and a shared cluster is replaced by a new one before the next method, so
 * that a failure does not spread; a method annotated {@link DiscardsCluster} has it replaced the same way. The cluster
 * is stopped after its last method, whatever happened; its files are deleted unless a method failed on it.
 */
public final class ClusterExtension<C extends TestCluster> implements BeforeAllCallback, BeforeEachCallback,
        AfterEachCallback, AfterAllCallback, ParameterResolver, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    /** Bootstrap from empty, or a member's rejoin with pg_rewind or a new clone, on a loaded 2-core machine. */
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(120);

    private final Supplier<C> starter;
    private int logLines = 80;
    private C cluster;
    private boolean sharedByClass;
    private boolean failedOnIt;

    private ClusterExtension(Supplier<C> starter) {
        this.starter = starter;
    }

    /** The extension for the cluster {@code start} starts, e.g. {@code () -> JPatroniCluster.start("basic", 3)}. */
    public static <C extends TestCluster> ClusterExtension<C> of(Supplier<C> start) {
        return new ClusterExtension<>(start);
    }

    /** Shows the last {@code lines} lines of each log with a failure instead of 80. */
    public ClusterExtension<C> withLogLines(int lines) {
        this.logLines = lines;
        return this;
    }

    /** The running cluster (also given to any test or lifecycle method parameter of its type). */
    public C cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster runs outside of a test");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sharedByClass = true;
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (cluster == null) {
            start(context);
            return;
        }
        try {
            cluster.restoreHealth(HEALTHY_WITHIN);
        } catch (RuntimeException | AssertionError e) {
            failed(e);
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean discards = context.getTestMethod().map(m -> m.isAnnotationPresent(DiscardsCluster.class))
                .orElse(false);
        if (!sharedByClass || failedOnIt || discards) {
            closeCluster();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeCluster();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster != null && parameter.getParameter().getType().isInstance(cluster);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw failed(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw failed(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw failed(failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw failed(failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw failed(failure);
    }

    private void start(ExtensionContext context) {
        long t0 = System.nanoTime();
        cluster = starter.get();
        try {
            cluster.restoreHealth(HEALTHY_WITHIN);
        } catch (RuntimeException | AssertionError e) {
            failed(e);
            closeCluster();
            throw e;
        }
        System.out.printf("%s: cluster healthy %.1f s after start%n", context.getRequiredTestClass().getSimpleName(),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * A failure gets the logs, and the cluster it happened on is kept on disk and replaced before the next method;
     * an aborted test (failed assumption) passes through.
     */
    private <T extends Throwable> T failed(T failure) {
        if (failure instanceof TestAbortedException || cluster == null) {
            return failure;
        }
        failedOnIt = true;
        failure.addSuppressed(new ClusterLogs(cluster.dir(), cluster.logs(logLines)));
        return failure;
    }

    private void closeCluster() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
            if (!failedOnIt) {
                cluster.deleteFiles();
            }
        } finally {
            cluster = null;
            failedOnIt = false;
        }
    }

    /** The logs, shown with the failure they explain (no stack trace of their own). */
    static final class ClusterLogs extends Exception {
        ClusterLogs(Path dir, String logs) {
            super("the cluster's directory " + dir + ", the last lines of every process's log:\n" + logs, null,
                    false, false);
        }
    }
}
