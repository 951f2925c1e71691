package io.jpatroni.watchdog;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code watchdog.mode}, read as Patroni reads it at run time. */
public enum WatchdogMode {
    /** Never use a watchdog. */
    OFF,
    /** Use one when it can be activated; lead without one otherwise. */
    AUTOMATIC,
    /** Refuse leadership without a working watchdog. */
    REQUIRED;

    private static final Logger log = LoggerFactory.getLogger(WatchdogMode.class);

    /**
     * The mode a YAML value means: {@code required}/{@code require}, {@code automatic}/{@code auto},
     * {@code off}/{@code disable}/{@code disabled} and YAML's boolean {@code false} (an unquoted {@code off}), any
     * letter case. Anything else logs a warning and means {@link #OFF}, as Patroni does; an absent value is
     * Patroni's default, {@link #AUTOMATIC}.
     */
    public static WatchdogMode parse(Object value) {
        if (value == null) {
            return AUTOMATIC;
        }
        if (Boolean.FALSE.equals(value)) {
            return OFF;
        }
        String word = String.valueOf(value).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "required", "require" -> REQUIRED;
            case "automatic", "auto" -> AUTOMATIC;
            case "off", "disable", "disabled" -> OFF;
            default -> {
                log.warn("Watchdog mode {} not recognized, disabling watchdog", value);
                yield OFF;
            }
        };
    }
}
