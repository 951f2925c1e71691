package io.jpatroni.daemon.decision;

/**
 * Synchronous replication as the dynamic configuration asks for it.
 *
 * @param mode                 {@code synchronous_mode}: off, on ({@code true}), or Patroni 4's quorum commit
 * @param strict               {@code synchronous_mode_strict}: no commit is acknowledged without a synchronous standby
 * @param nodeCount            {@code synchronous_node_count} (at least 1)
 * @param maximumLagOnSyncnode {@code maximum_lag_on_syncnode} in bytes; 0 or less: a lagging standby is kept
 */
public record SyncSettings(Mode mode, boolean strict, int nodeCount, long maximumLagOnSyncnode) {
    /** {@code synchronous_mode}. */
    public enum Mode { OFF, ON, QUORUM }

    public static final SyncSettings OFF = new SyncSettings(Mode.OFF, false, 1, -1);

    public SyncSettings {
        nodeCount = Math.max(1, nodeCount);
    }

    /** {@code synchronous_mode} is on (priority or quorum). */
    public boolean enabled() {
        return mode != Mode.OFF;
    }

    public boolean quorum() {
        return mode == Mode.QUORUM;
    }
}
