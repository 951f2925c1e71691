package io.jpatroni.watchdog;

/** {@code watchdog.driver}: what stands between a stalled leader and a split brain. */
public enum WatchdogDriver {
    /** Patroni's {@code default}: the Linux watchdog device ({@code watchdog.device}), plus jpatroni's fence where it cannot hurt. */
    DEFAULT("default"),
    /** Patroni's {@code testing}: a test double that writes what a device would receive to {@code watchdog.device}. */
    TESTING("testing"),
    /** jpatroni's extension: the fence process alone, no device. */
    FENCE("fence"),
    /** A name neither Patroni nor jpatroni knows: no watchdog at all, as Patroni's {@code NullWatchdog}. */
    UNKNOWN("unknown");

    private final String yamlName;

    WatchdogDriver(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The driver a YAML value names (exact spelling, as Patroni compares it); absent means {@link #DEFAULT}. */
    public static WatchdogDriver parse(Object value) {
        if (value == null) {
            return DEFAULT;
        }
        return switch (String.valueOf(value)) {
            case "default" -> DEFAULT;
            case "testing" -> TESTING;
            case "fence" -> FENCE;
            default -> UNKNOWN;
        };
    }
}
