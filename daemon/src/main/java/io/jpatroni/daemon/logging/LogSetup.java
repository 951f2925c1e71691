package io.jpatroni.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging as Patroni does it: stdout by default, {@code log.dir} with size-based rotation when configured,
 * lines shaped {@code 2026-11-22 01:34:26,344 INFO: message}. gRPC's java.util.logging goes through SLF4J.
 */
public final class LogSetup {
    /** Patroni's default line format. */
    public static final String PATTERN = "%d{\"yyyy-MM-dd HH:mm:ss,SSS\"} %plevel: %msg%n";

    private LogSetup() {
    }

    /** Route java.util.logging (gRPC, Netty) into SLF4J, once, early. */
    public static void bridgeJul() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /**
     * Apply the {@code log} section.
     *
     * @param level    log.level (DEBUG, INFO, WARNING, ERROR, CRITICAL)
     * @param dir      log.dir: when present, log to {@code <dir>/patroni.log} with rotation instead of stdout
     * @param fileNum  log.file_num: rotated files kept
     * @param fileSize log.file_size: bytes per file before rotation
     */
    public static void apply(String level, Optional<Path> dir, int fileNum, long fileSize) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(toLevel(level));
        if (dir.isEmpty()) {
            return;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();

        RollingFileAppender<ch.qos.logback.classic.spi.ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("FILE");
        file.setFile(dir.get().resolve("patroni.log").toString());
        file.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir.get().resolve("patroni.log.%i").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(Math.max(1, fileNum));
        rolling.start();

        SizeBasedTriggeringPolicy<ch.qos.logback.classic.spi.ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(fileSize));
        trigger.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.start();
        root.detachAppender("STDOUT");
        root.addAppender(file);
    }

    static Level toLevel(String patroniLevel) {
        return switch (patroniLevel.toUpperCase(Locale.ROOT)) {
            case "DEBUG", "NOTSET" -> Level.DEBUG;
            case "WARNING", "WARN" -> Level.WARN;
            case "ERROR", "CRITICAL", "FATAL" -> Level.ERROR;
            default -> Level.INFO;
        };
    }
}
