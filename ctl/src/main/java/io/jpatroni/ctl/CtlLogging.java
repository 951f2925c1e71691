package io.jpatroni.ctl;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.slf4j.Logger;

/**
 * jpatronictl's logging, set up in code (found by logback through {@code META-INF/services}) rather than from a
 * {@code logback.xml}: parsing one loads an XML parser and some 250 classes, a good part of a short command's start.
 * Quiet like patronictl: WARNING and above to stderr as Python's logging writes them
 * ({@code 2024-01-01 12:00:00,123 - WARNING - message}); {@code LOGLEVEL} (Python's or logback's level names) for more,
 * {@code JETCD_LOGLEVEL} for the etcd client (ERROR), {@code ZOOKEEPER_LOGLEVEL} for ZooKeeper and Curator (OFF, as
 * they log a warning with a stack trace per reconnection attempt while the command already fails with a clear error).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CtlLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        configure(context, System.getenv());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configure(LoggerContext context, Map<String, String> env) {
        PythonLayout layout = new PythonLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(level(env.get("LOGLEVEL"), Level.WARN));
        context.getLogger("io.etcd.jetcd").setLevel(level(env.get("JETCD_LOGLEVEL"), Level.ERROR));
        Level zk = level(env.get("ZOOKEEPER_LOGLEVEL"), Level.OFF);
        context.getLogger("org.apache.zookeeper").setLevel(zk);
        context.getLogger("org.apache.curator").setLevel(zk);
    }

    /** A level named as Python's logging or logback names it; {@code fallback} when unset or unknown. */
    static Level level(String name, Level fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        return switch (name.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "WARNING" -> Level.WARN;
            case "CRITICAL", "FATAL" -> Level.ERROR;
            default -> Level.toLevel(name.trim(), fallback);
        };
    }

    /** {@code %d{yyyy-MM-dd HH:mm:ss,SSS} - LEVEL - message}, WARN written WARNING, then the stack trace if any. */
    static final class PythonLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneId.systemDefault());
            StringBuilder b = new StringBuilder(96);
            b.append(t.getYear()).append('-');
            two(b, t.getMonthValue()).append('-');
            two(b, t.getDayOfMonth()).append(' ');
            two(b, t.getHour()).append(':');
            two(b, t.getMinute()).append(':');
            two(b, t.getSecond()).append(',');
            int ms = t.getNano() / 1_000_000;
            b.append(ms < 100 ? ms < 10 ? "00" : "0" : "").append(ms);
            Level level = event.getLevel();
            b.append(" - ").append(level == Level.WARN ? "WARNING" : level.toString()).append(" - ")
                    .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            if (event.getThrowableProxy() != null) {
                b.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append(CoreConstants.LINE_SEPARATOR);
            }
            return b.toString();
        }

        private static StringBuilder two(StringBuilder b, int v) {
            return b.append(v < 10 ? "0" : "").append(v);
        }
    }
}
