package io.jpatroni.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.jpatroni.config.LogConfig;
import java.util.Map;

/**
 * logback's first configuration, in code (found through {@code META-INF/services}): Patroni's line format on stdout
 * ({@link LogSetup} with the {@code log} section's defaults, until the configuration file is read) and the libraries
 * quiet unless something is wrong. Configured from a {@code logback.xml}, logback loaded its XML configurator and
 * the JDK's XML parser at every start: about 400 classes, some 3 MB of the idle daemon's memory, for a handful of
 * levels. A {@code logback-test.xml} on the class path or {@code -Dlogback.configurationFile} still take over.
 */
public final class DaemonLogConfigurator extends ContextAwareBase implements Configurator {
    /** Libraries speak only when something is wrong. */
    static final Map<String, Level> LIBRARY_LEVELS = Map.of(
            "io.grpc", Level.WARN,
            "io.netty", Level.WARN,
            // "Failed to find a usable hardware address from the network interfaces; using random bytes": in a
            // network namespace with only loopback, at every start; Netty falls back to a random machine id silently
            "io.netty.util.internal.MacAddressUtil", Level.ERROR,
            "io.vertx", Level.WARN,
            "io.etcd", Level.WARN,
            // the ZooKeeper client warns with a stack trace at every reconnection attempt and Curator logs every
            // request that gave up: jpatroni says once what it means (connection lost, session expired, DCS not
            // accessible)
            "org.apache.zookeeper", Level.ERROR,
            "org.apache.curator", Level.OFF,
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || getClass().getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return configureInCode(context);
    }

    /** The configuration itself, whatever else the class path holds. */
    ExecutionStatus configureInCode(LoggerContext context) {
        LIBRARY_LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        LogSetup.install(context, LogConfig.defaults());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
