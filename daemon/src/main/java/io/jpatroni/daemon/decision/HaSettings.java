package io.jpatroni.daemon.decision;

import java.time.Duration;

/**
 * The settings the decision reads, taken each cycle from the effective (DCS dynamic + local)
 * configuration and this node's tags.
 */
public record HaSettings(
        String me,
        Duration ttl,
        Duration loopWait,
        Duration retryTimeout,
        long maximumLagOnFailover,
        Duration primaryStartTimeout,
        boolean checkTimeline,
        boolean usePgRewind,
        boolean noFailover,
        int failoverPriority) {
}
