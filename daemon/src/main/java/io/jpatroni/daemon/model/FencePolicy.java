package io.jpatroni.daemon.model;

/**
 * When jpatroni's fence process is armed, as the {@code watchdog} section asks (the decision's copy of the watchdog
 * module's {@code FenceUse}, which the decision may not import).
 */
public enum FencePolicy {
    /** Never: {@code mode: off}, or {@code driver: testing}. */
    OFF,
    /** The default: while this node is the primary under the lock, unpaused, and another member could take over. */
    WHEN_FAILOVER_POSSIBLE,
    /** {@code driver: fence}: whenever this node is the primary under the lock, unpaused. */
    WHILE_LEADER;

    /**
     * @param primaryWithLock  this node holds the lock and its PostgreSQL runs as primary, or is about to be promoted
     * @param paused           maintenance mode: nothing is fenced, as Patroni disables its watchdog
     * @param failoverPossible another running member without {@code nofailover} could take over
     */
    public boolean armed(boolean primaryWithLock, boolean paused, boolean failoverPossible) {
        return switch (this) {
            case OFF -> false;
            case WHEN_FAILOVER_POSSIBLE -> primaryWithLock && !paused && failoverPossible;
            case WHILE_LEADER -> primaryWithLock && !paused;
        };
    }
}
