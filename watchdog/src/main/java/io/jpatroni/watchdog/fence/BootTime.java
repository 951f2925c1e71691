package io.jpatroni.watchdog.fence;

import java.time.Duration;

/**
 * An instant on the boot clock ({@code CLOCK_BOOTTIME}: time since boot, suspended time included), in the
 * centiseconds {@code /proc/uptime} shows. The fence's deadlines are written in it, so that the daemon and the fence
 * process agree on "when" even across a suspended machine.
 */
public record BootTime(long centis) implements Comparable<BootTime> {

    public BootTime {
        if (centis < 0) {
            throw new IllegalArgumentException("negative boot time: " + centis);
        }
    }

    /** Parses {@code /proc/uptime}'s first field and the fence's answers: {@code 12345.67}. */
    public static BootTime parse(String text) {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        if (whole.isEmpty() || !whole.chars().allMatch(Character::isDigit) || fraction.length() > 2
                || !fraction.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a boot time (seconds with up to two decimals): " + text);
        }
        String cents = (fraction + "00").substring(0, 2);
        return new BootTime(Long.parseLong(whole) * 100 + Integer.parseInt(cents));
    }

    public BootTime plusSeconds(long seconds) {
        return new BootTime(centis + seconds * 100);
    }

    public BootTime plus(Duration d) {
        return new BootTime(centis + d.toMillis() / 10);
    }

    /** {@code other - this} (negative when {@code other} is earlier). */
    public Duration until(BootTime other) {
        return Duration.ofMillis((other.centis - centis) * 10);
    }

    public boolean isBefore(BootTime other) {
        return centis < other.centis;
    }

    @Override
    public int compareTo(BootTime other) {
        return Long.compare(centis, other.centis);
    }

    /** Seconds with two decimals, as {@code /proc/uptime} and the fence write them. */
    @Override
    public String toString() {
        return String.format("%d.%02d", centis / 100, centis % 100);
    }
}
