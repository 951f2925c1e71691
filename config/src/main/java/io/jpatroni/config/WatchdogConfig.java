package io.jpatroni.config;

import java.util.Locale;

/** The {@code watchdog} section. */
public record WatchdogConfig(Mode mode, String device, int safetyMargin) {

    /** {@code watchdog.mode}; an unquoted YAML {@code off} arrives as boolean false and means OFF. */
    public enum Mode { OFF, AUTOMATIC, REQUIRED }

    public static WatchdogConfig defaults() {
        return new WatchdogConfig(Mode.AUTOMATIC, "/dev/watchdog", 5);
    }

    static WatchdogConfig read(Section s) {
        WatchdogConfig d = defaults();
        Mode mode = s.raw("mode").map(v -> mode(s, v)).orElse(d.mode());
        WatchdogConfig config = new WatchdogConfig(mode, s.string("device", d.device()),
                s.integer("safety_margin", d.safetyMargin()));
        s.markKnown("driver");
        s.reportUnknownKeys();
        return config;
    }

    private static Mode mode(Section s, Object value) {
        if (Boolean.FALSE.equals(value)) {
            return Mode.OFF;
        }
        String text = String.valueOf(value).toLowerCase(Locale.ROOT);
        return switch (text) {
            case "off" -> Mode.OFF;
            case "automatic" -> Mode.AUTOMATIC;
            case "required" -> Mode.REQUIRED;
            default -> {
                s.problems().error(s.pathOf("mode"), value, "is not one of off, automatic, required");
                yield Mode.OFF;
            }
        };
    }
}
