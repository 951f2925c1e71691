package io.jpatroni.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.jpatroni.config.LogConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging as Patroni does it: stdout by default, {@code log.dir} with size-based rotation when configured,
 * lines shaped {@code 2026-11-22 01:34:26,344 INFO: message} ({@link PatroniLayout}: plain or json, Patroni's
 * {@code format}, {@code dateformat} and {@code static_fields}). gRPC's java.util.logging goes through SLF4J.
 */
public final class LogSetup {
    /** The section in force: a reload that brings the same one changes nothing. */
    private static LogConfig applied;

    private LogSetup() {
    }

    /** Route java.util.logging (gRPC, Netty) into SLF4J, once, early. */
    public static void bridgeJul() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /**
     * Apply the {@code log} section, at start and again on every reload (Patroni's
     * {@code PatroniLogger.reload_config}): nothing happens when the section did not change; else the level, and a new appender (stdout, or
     * {@code <dir>/patroni.log} rotated at {@code file_size} keeping {@code file_num} files) with the line format of
     * {@code type} / {@code format} / {@code dateformat} / {@code static_fields} replaces the old one, which is closed.
     */
    public static synchronized void apply(LogConfig config) {
        if (config.equals(applied)) {
            return;
        }
        install((LoggerContext) LoggerFactory.getILoggerFactory(), config);
    }

    /** {@link #apply(LogConfig)} on the context logback is configuring ({@link DaemonLogConfigurator}). */
    static synchronized void install(LoggerContext ctx, LogConfig config) {
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(toLevel(config.level()));
        List<String> warnings = new ArrayList<>();
        PatroniLayout layout = PatroniLayout.of(config.type(), config.format(), config.dateformat(),
                config.staticFields(), warnings);
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();

        OutputStreamAppender<ILoggingEvent> appender = config.dir().isPresent()
                ? fileAppender(ctx, Path.of(config.dir().get()), config.fileNum(), config.fileSize(), encoder)
                : consoleAppender(ctx, encoder);
        List<Appender<ILoggingEvent>> old = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(old::add);
        root.addAppender(appender);
        for (Appender<ILoggingEvent> a : old) {
            root.detachAppender(a);
            a.stop();
        }
        applied = config;
        warnings.forEach(w -> ctx.getLogger(LogSetup.class).warn("{}", w));
    }

    private static OutputStreamAppender<ILoggingEvent> consoleAppender(LoggerContext ctx,
                                                                       LayoutWrappingEncoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        return console;
    }

    private static OutputStreamAppender<ILoggingEvent> fileAppender(LoggerContext ctx, Path dir, int fileNum,
                                                                    long fileSize,
                                                                    LayoutWrappingEncoder<ILoggingEvent> encoder) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("FILE");
        file.setFile(dir.resolve("patroni.log").toString());
        file.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir.resolve("patroni.log.%i").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(Math.max(1, fileNum));
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(fileSize));
        trigger.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.start();
        return file;
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
