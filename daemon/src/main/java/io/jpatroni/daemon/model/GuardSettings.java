package io.jpatroni.daemon.model;

/**
 * What the {@code watchdog} section switches on, as the decision sees it.
 *
 * @param device the watchdog device (or Patroni's testing double) is used: {@code mode} automatic or required
 * @param fence  when jpatroni's fence process is armed
 */
public record GuardSettings(boolean device, FencePolicy fence) {
    /** {@code watchdog.mode: off}: nothing counts down, no decision involves the guards. */
    public static final GuardSettings NONE = new GuardSettings(false, FencePolicy.OFF);

    public boolean any() {
        return device || fence != FencePolicy.OFF;
    }
}
