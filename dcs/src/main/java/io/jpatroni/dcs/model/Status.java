package io.jpatroni.dcs.model;

import java.util.List;
import java.util.Map;

/** Content of the {@code status} key (or the legacy {@code optime/leader} key). */
public record Status(long lastLsn, Map<String, Long> slots, List<String> retainSlots) {
    public static final Status EMPTY = new Status(0, Map.of(), List.of());

    public Status {
        slots = Map.copyOf(slots);
        retainSlots = List.copyOf(retainSlots);
    }
}
