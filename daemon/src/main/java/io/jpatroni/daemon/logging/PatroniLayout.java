package io.jpatroni.daemon.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import io.jpatroni.pycompat.PyJson;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log line as Patroni's formatter writes it. {@code plain}: Python logging's {@code %(field)s} format
 * ({@code log.format}, default {@code %(asctime)s %(levelname)s: %(message)s}) with {@code log.dateformat} for
 * {@code asctime}. {@code json} (Patroni 4, python-json-logger): one JSON object a line, the fields named in the format
 * (a string, or a list of names and {@code {field: renamed}} maps) in their order, then {@code log.static_fields},
 * then {@code exc_info} when an exception is logged; written as Python's {@code json.dumps}.
 *
 * <p>The record's fields: {@code asctime}, {@code created}, {@code msecs}, {@code relativeCreated},
 * {@code levelname} (Python's names: WARNING), {@code levelno}, {@code message}, {@code msg}, {@code name} (the Java
 * logger), {@code process}, {@code processName}, {@code thread}, {@code threadName}, and from the caller (only looked
 * up when the format names them) {@code module}, {@code funcName}, {@code lineno}, {@code filename},
 * {@code pathname}. A field the record does not have is {@code null} in json and {@code None} in plain.
 */
public final class PatroniLayout extends LayoutBase<ILoggingEvent> {
    public static final String DEFAULT_FORMAT = "%(asctime)s %(levelname)s: %(message)s";
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "%%|%\\(([^)]*)\\)([#0\\- +]*)(\\d*)(?:\\.(\\d*))?[hlL]?([diouxXeEfFgGcrsa])");
    private static final Pattern JSON_FIELD = Pattern.compile("%\\((.+?)\\)");
    private static final java.util.Set<String> CALLER_FIELDS = java.util.Set.of("module", "funcName", "lineno",
            "filename", "pathname");
    private static final long PID = ProcessHandle.current().pid();

    private final boolean json;
    private final String format;
    private final Optional<String> dateformat;
    private final List<String> fields;
    private final Map<String, String> renames;
    private final Map<String, Object> staticFields;
    private final boolean callerData;
    private final ZoneId zone;

    private PatroniLayout(boolean json, String format, Optional<String> dateformat, List<String> fields,
                          Map<String, String> renames, Map<String, Object> staticFields, ZoneId zone) {
        this.json = json;
        this.format = format;
        this.dateformat = dateformat.filter(s -> !s.isEmpty());
        this.fields = List.copyOf(fields);
        this.renames = Map.copyOf(renames);
        this.staticFields = new LinkedHashMap<>(staticFields);
        this.zone = zone;
        this.callerData = json ? fields.stream().anyMatch(CALLER_FIELDS::contains)
                : CALLER_FIELDS.stream().anyMatch(f -> format.contains("%(" + f + ")"));
    }

    /** What Patroni's logger gets from the {@code log} section: problems are logged as Patroni words them. */
    public static PatroniLayout of(String type, Optional<Object> format, Optional<String> dateformat,
                                   Map<String, Object> staticFields, List<String> warnings) {
        return of(type, format, dateformat, staticFields, warnings, ZoneId.systemDefault());
    }

    static PatroniLayout of(String type, Optional<Object> format, Optional<String> dateformat,
                            Map<String, Object> staticFields, List<String> warnings, ZoneId zone) {
        Object raw = format.orElse(DEFAULT_FORMAT);
        if (!"json".equals(type)) {
            String plain = DEFAULT_FORMAT;
            if (raw instanceof String s) {
                plain = s;
            } else {
                warnings.add("Expected log format to be a string when log type is plain, but got \""
                        + pyType(raw) + "\"");
            }
            return new PatroniLayout(false, plain, dateformat, List.of(), Map.of(), Map.of(), zone);
        }
        String jsonFormat = DEFAULT_FORMAT;
        Map<String, String> renames = new LinkedHashMap<>();
        if (raw instanceof String s) {
            jsonFormat = s;
        } else if (raw instanceof List<?> list) {
            List<String> names = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof String s) {
                    names.add(s);
                } else if (item instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> {
                        if (v instanceof String renamed) {
                            names.add(String.valueOf(k));
                            renames.put(String.valueOf(k), renamed);
                        } else {
                            warnings.add("Expected renamed log field to be a string, but got \"" + pyType(v) + "\"");
                        }
                    });
                } else {
                    warnings.add("Expected each item of log format to be a string or dictionary, but got \""
                            + pyType(item) + "\"");
                }
            }
            if (!names.isEmpty()) {
                jsonFormat = String.join(" ", names.stream().map(n -> "%(" + n + ")s").toList());
            }
        } else {
            warnings.add("Expected log format to be a string or a list, but got \"" + pyType(raw) + "\"");
        }
        List<String> fields = new ArrayList<>();
        Matcher m = JSON_FIELD.matcher(jsonFormat);
        while (m.find()) {
            fields.add(m.group(1));
        }
        return new PatroniLayout(true, jsonFormat, dateformat, fields, renames, staticFields, zone);
    }

    /** Python's {@code type(value).__name__} for the warnings. */
    static String pyType(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof String) {
            return "str";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
            return "int";
        }
        if (v instanceof Number) {
            return "float";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof List) {
            return "list";
        }
        return v.getClass().getSimpleName();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return json ? jsonLine(event) : plainLine(event);
    }

    private String plainLine(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(128);
        Matcher m = PLACEHOLDER.matcher(format);
        int last = 0;
        while (m.find()) {
            out.append(format, last, m.start());
            last = m.end();
            if (m.group(0).equals("%%")) {
                out.append('%');
                continue;
            }
            out.append(render(field(event, m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5).charAt(0)));
        }
        out.append(format, last, format.length());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            out.append(CoreConstants.LINE_SEPARATOR).append(ThrowableProxyUtil.asString(thrown).stripTrailing());
        }
        return out.append(CoreConstants.LINE_SEPARATOR).toString();
    }

    private String jsonLine(ILoggingEvent event) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (String f : fields) {
            record.put(renames.getOrDefault(f, f), field(event, f));
        }
        staticFields.forEach((k, v) -> record.put(renames.getOrDefault(k, k), v));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null && !fields.contains("exc_info")) {
            record.put(renames.getOrDefault("exc_info", "exc_info"),
                    ThrowableProxyUtil.asString(thrown).stripTrailing());
        }
        return PyJson.dumps(record) + CoreConstants.LINE_SEPARATOR;
    }

    /** One attribute of Python's LogRecord, from the logback event. */
    private Object field(ILoggingEvent event, String name) {
        long millis = event.getTimeStamp();
        return switch (name) {
            case "asctime" -> asctime(millis);
            case "created" -> millis / 1000.0;
            case "msecs" -> (double) (millis % 1000);
            case "relativeCreated" -> (double) (millis - (getContext() == null ? millis : getContext().getBirthTime()));
            case "levelname" -> levelName(event.getLevel());
            case "levelno" -> levelNumber(event.getLevel());
            case "message" -> event.getFormattedMessage();
            case "msg" -> event.getMessage();
            case "name" -> event.getLoggerName();
            case "process" -> PID;
            case "processName" -> "MainProcess";
            case "threadName" -> event.getThreadName();
            case "thread" -> Thread.currentThread().getName().equals(event.getThreadName())
                    ? Thread.currentThread().getId() : null;
            case "module", "funcName", "lineno", "filename", "pathname" -> caller(event, name);
            case "exc_info" -> event.getThrowableProxy() == null ? null
                    : ThrowableProxyUtil.asString(event.getThrowableProxy()).stripTrailing();
            default -> null;
        };
    }

    private Object caller(ILoggingEvent event, String name) {
        StackTraceElement[] callers = callerData ? event.getCallerData() : null;
        if (callers == null || callers.length == 0) {
            return null;
        }
        StackTraceElement at = callers[0];
        String className = at.getClassName();
        return switch (name) {
            case "module" -> className.substring(className.lastIndexOf('.') + 1);
            case "funcName" -> at.getMethodName();
            case "lineno" -> at.getLineNumber();
            case "filename" -> at.getFileName();
            default -> className.replace('.', '/') + ".java";
        };
    }

    String asctime(long millis) {
        ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), zone);
        if (dateformat.isPresent()) {
            return Strftime.format(dateformat.get(), t);
        }
        return Strftime.format("%Y-%m-%d %H:%M:%S", t) + String.format(Locale.ROOT, ",%03d", millis % 1000);
    }

    static String levelName(Level level) {
        return level == Level.WARN ? "WARNING" : level == Level.TRACE ? "DEBUG" : level.levelStr;
    }

    static int levelNumber(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 40;
            case Level.WARN_INT -> 30;
            case Level.INFO_INT -> 20;
            default -> 10;
        };
    }

    /** Python's {@code %} conversion of one value: flags, width, precision and type. */
    static String render(Object value, String flags, String width, String precision, char type) {
        String left = flags.contains("-") ? "-" : "";
        String numeric = flags.replace("#", "");
        String prec = precision == null ? "" : "." + (precision.isEmpty() ? "0" : precision);
        try {
            if (value != null && (type == 'd' || type == 'i' || type == 'u' || type == 'x' || type == 'X'
                    || type == 'o')) {
                long n = value instanceof Number num ? num.longValue() : Long.parseLong(String.valueOf(value));
                char t = type == 'x' || type == 'X' || type == 'o' ? type : 'd';
                return String.format(Locale.ROOT, "%" + numeric + width + t, n);
            }
            if (value != null && "fFeEgG".indexOf(type) >= 0) {
                double d = value instanceof Number num ? num.doubleValue() : Double.parseDouble(String.valueOf(value));
                return String.format(Locale.ROOT, "%" + numeric + width + (prec.isEmpty() ? ".6" : prec)
                        + (type == 'F' ? 'f' : type), d);
            }
        } catch (RuntimeException e) {
            // as %s below
        }
        String text = value == null ? "None" : String.valueOf(value);
        if (!prec.isEmpty() && (type == 's' || type == 'r' || type == 'a')) {
            text = text.substring(0, Math.min(text.length(), Integer.parseInt(prec.substring(1))));
        }
        return width.isEmpty() ? text : String.format(Locale.ROOT, "%" + left + width + "s", text);
    }
}
