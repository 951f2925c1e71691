package io.jpatroni.daemon.decision;

/**
 * A peer's answer to {@code GET /patroni} during a leader race.
 *
 * @param reachable    false when the peer did not answer in time
 * @param runningPrimary the peer says it runs as a primary (role master/primary, state running)
 * @param walPosition  the peer's WAL position (location on a primary, max(received, replayed) on a replica)
 * @param noFailover   the peer may not be promoted (tag nofailover)
 * @param failoverPriority the peer's failover_priority tag (higher wins a tie)
 */
public record PeerStatus(boolean reachable, boolean runningPrimary, long walPosition,
                         boolean noFailover, int failoverPriority) {

    public static PeerStatus unreachable() {
        return new PeerStatus(false, false, 0, true, 0);
    }
}
