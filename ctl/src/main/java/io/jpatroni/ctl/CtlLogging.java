package io.jpatroni.ctl;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * jpatronictl's SLF4J backend (found through {@code META-INF/services}): a command that lives for a moment and logs
 * only when something is wrong does not need logback, whose start-up was a seventh of a {@code list}. Quiet like
 * patronictl: WARNING and above to stderr as Python's logging writes them
 * ({@code 2024-01-01 12:00:00,123 - WARNING - message}, then the stack trace if any); {@code LOGLEVEL} (Python's or
 * SLF4J's level names, or OFF) for more or less, {@code ZOOKEEPER_LOGLEVEL} for the ZooKeeper client and Curator
 * (OFF: they log a warning with a stack trace per reconnection attempt while the command already fails with a clear
 * error), {@code JETCD_LOGLEVEL} for jetcd (ERROR).
 */
public final class CtlLogging implements SLF4JServiceProvider {
    private ILoggerFactory factory;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        factory = new Loggers(System.getenv(), System.err);
        markers = new BasicMarkerFactory();
        mdc = new NOPMDCAdapter();
    }

    /** The thresholds: {@code null} means off. */
    static final class Loggers implements ILoggerFactory {
        private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
        private final Level root;
        private final Level zooKeeper;
        private final Level jetcd;
        private final PrintStream out;

        Loggers(Map<String, String> env, PrintStream out) {
            this.root = level(env.get("LOGLEVEL"), Level.WARN);
            this.zooKeeper = level(env.get("ZOOKEEPER_LOGLEVEL"), null);
            this.jetcd = level(env.get("JETCD_LOGLEVEL"), Level.ERROR);
            this.out = out;
        }

        @Override
        public Logger getLogger(String name) {
            return loggers.computeIfAbsent(name, n -> new StderrLogger(n, threshold(n), out));
        }

        private Level threshold(String name) {
            if (name.startsWith("org.apache.zookeeper") || name.startsWith("org.apache.curator")) {
                return zooKeeper;
            }
            return name.startsWith("io.etcd") ? jetcd : root;
        }
    }

    /** A level named as Python's logging or SLF4J names it; OFF is {@code null}; {@code fallback} when unset or unknown. */
    static Level level(String name, Level fallback) {
        if (name == null || name.isBlank()) {
            return fallback;
        }
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "OFF" -> null;
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "CRITICAL", "FATAL" -> Level.ERROR;
            default -> fallback;
        };
    }

    static final class StderrLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Level threshold;
        private final transient PrintStream out;

        StderrLogger(String name, Level threshold, PrintStream out) {
            this.name = name;
            this.threshold = threshold;
            this.out = out;
        }

        private boolean enabled(Level level) {
            return threshold != null && level.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] args,
                                                   Throwable throwable) {
            out.print(line(LocalDateTime.now(), level, MessageFormatter.basicArrayFormat(message, args), throwable));
            out.flush();
        }
    }

    /** {@code 2024-01-01 12:00:00,123 - WARNING - message}, the stack trace after it. */
    static String line(LocalDateTime t, Level level, String message, Throwable throwable) {
        StringBuilder b = new StringBuilder(96);
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append(' ');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append(',');
        int ms = t.getNano() / 1_000_000;
        b.append(ms < 100 ? ms < 10 ? "00" : "0" : "").append(ms);
        b.append(" - ").append(level == Level.WARN ? "WARNING" : level.toString()).append(" - ").append(message)
                .append(System.lineSeparator());
        if (throwable != null) {
            StringWriter w = new StringWriter();
            throwable.printStackTrace(new PrintWriter(w));
            b.append(w);
        }
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }
}
