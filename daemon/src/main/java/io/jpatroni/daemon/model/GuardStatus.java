package io.jpatroni.daemon.model;

/**
 * What the watchdog device and the fence say of themselves at the start of a cycle (Patroni's
 * {@code watchdog.is_running} and {@code watchdog.is_healthy}, for both).
 *
 * @param running the device counts down, or the fence holds a deadline: nothing to activate before leading
 * @param healthy false only when {@code mode: required} cannot be met: this node must not race for the lock, and
 *                {@code GET /patroni} says {@code watchdog_failed}
 */
public record GuardStatus(boolean running, boolean healthy) {

    /** Nothing configured, nothing running: what a node without guards looks like. */
    public static GuardStatus idle() {
        return new GuardStatus(false, true);
    }
}
