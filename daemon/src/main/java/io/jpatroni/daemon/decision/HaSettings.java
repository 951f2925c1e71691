package io.jpatroni.daemon.decision;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings the decision reads, taken each cycle from the effective (DCS dynamic + local)
 * configuration and this node's tags.
 *
 * @param parameters the effective {@code postgresql.parameters}, as PostgreSQL setting strings
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
        boolean useSlots,
        boolean noFailover,
        int failoverPriority,
        Map<String, String> parameters) {

    public HaSettings {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters)); // keeps the order
    }
}
