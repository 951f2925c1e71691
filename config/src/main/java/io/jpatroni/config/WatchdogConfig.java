package io.jpatroni.config;

import java.util.Locale;

/**
 * The {@code watchdog} section.
 *
 * @param driver {@code default} (the Linux device), {@code testing} (Patroni's test double), {@code fence} (jpatroni's
 *               fence process alone); any other name means no watchdog, as in Patroni
 */
public record WatchdogConfig(Mode mode, String device, int safetyMargin, String driver) {

    /** {@code watchdog.mode}; an unquoted YAML {@code off} arrives as boolean false and means OFF. */
    public enum Mode { OFF, AUTOMATIC, REQUIRED }

    public static WatchdogConfig defaults() {
        return new WatchdogConfig(Mode.AUTOMATIC, "/dev/watchdog", 5, "default");
    }

    /** {@code watchdog: off} (the whole section written as a false value). */
    public static WatchdogConfig off() {
        WatchdogConfig d = defaults();
        return new WatchdogConfig(Mode.OFF, d.device(), d.safetyMargin(), d.driver());
    }

    static WatchdogConfig read(Section s) {
        WatchdogConfig d = defaults();
        Mode mode = s.raw("mode").map(v -> mode(s, v)).orElse(d.mode());
        WatchdogConfig config = new WatchdogConfig(mode, s.string("device", d.device()),
                s.integer("safety_margin", d.safetyMargin()), s.string("driver", d.driver()));
        s.reportUnknownKeys();
        return config;
    }

    private static Mode mode(Section s, Object value) {
        if (Boolean.FALSE.equals(value)) {
            return Mode.OFF;
        }
        // any letter case and the short forms, as Patroni's watchdog reads the mode at run time
        String text = String.valueOf(value).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "off", "disable", "disabled" -> Mode.OFF;
            case "automatic", "auto" -> Mode.AUTOMATIC;
            case "required", "require" -> Mode.REQUIRED;
            default -> {
                s.problems().error(s.pathOf("mode"), value, "is not one of off, automatic, required");
                yield Mode.OFF;
            }
        };
    }
}
