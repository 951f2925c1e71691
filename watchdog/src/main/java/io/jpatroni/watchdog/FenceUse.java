package io.jpatroni.watchdog;

/**
 * When jpatroni's fence is armed. The HA decision asks {@link #armed} every cycle; the loop then keeps the fence
 * alive or disarms it.
 */
public enum FenceUse {
    /** Never ({@code mode: off}, or the {@code testing} driver, whose tests want the device alone). */
    OFF,
    /**
     * The default ({@code driver: default}): only while stopping PostgreSQL cannot cost more than it saves, i.e.
     * while another member could take over once this node's lock expires. A single node, or one whose replicas
     * all carry {@code nofailover}, keeps running as Patroni would.
     */
    WHEN_FAILOVER_POSSIBLE,
    /** {@code driver: fence}: whenever this node runs the primary under the lock, as a watchdog device would. */
    WHILE_LEADER;

    /**
     * @param primaryWithLock  this node holds the leader lock and its PostgreSQL runs (or is being promoted) as
     *                         primary; a standby leader is not fenced, as Patroni activates no watchdog for it
     * @param paused           the cluster is paused: nothing is fenced, as Patroni disables its watchdog
     * @param failoverPossible another member without {@code nofailover} is in the cluster
     */
    public boolean armed(boolean primaryWithLock, boolean paused, boolean failoverPossible) {
        return switch (this) {
            case OFF -> false;
            case WHEN_FAILOVER_POSSIBLE -> primaryWithLock && !paused && failoverPossible;
            case WHILE_LEADER -> primaryWithLock && !paused;
        };
    }
}
