package io.jpatroni.dcs;

import java.util.List;
import java.util.Map;

/**
 * What the leader publishes in the {@code status} key after renewing its lock: its current WAL
 * position ({@code optime}), the confirmed positions of permanent slots, and member slots to retain.
 */
public record LeaderStatus(long optime, Map<String, Long> slots, List<String> retainSlots) {
    public LeaderStatus {
        slots = Map.copyOf(slots);
        retainSlots = List.copyOf(retainSlots);
    }

    public static LeaderStatus of(long optime) {
        return new LeaderStatus(optime, Map.of(), List.of());
    }
}
