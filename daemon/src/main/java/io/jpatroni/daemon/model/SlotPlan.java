package io.jpatroni.daemon.model;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the slot upkeep does on this node this cycle, in this order: drop, create, advance; then the slots it wants
 * become the ones it manages, and a primary publishes where its permanent slots stand.
 *
 * @param drop           slots to drop when inactive: managed slots no longer wanted (not matching
 *                       {@code ignore_slots}), and wanted slots whose type, database or plugin changed
 * @param createPhysical physical slots to create (reserving WAL at once)
 * @param createLogical  logical slots to create on this primary
 * @param advance        slots of a replica to move forward to the leader's position
 * @param wanted         every slot this node should have: what it manages from now on
 * @param positions      on a primary, where its permanent slots stand (the {@code slots} of the {@code status} key):
 *                       a logical slot's confirmed_flush_lsn, a physical slot's restart_lsn
 */
public record SlotPlan(Set<String> drop, Set<String> createPhysical, Map<String, SlotSpec> createLogical,
                       Map<String, Advance> advance, Set<String> wanted, Map<String, Long> positions) {

    public SlotPlan {
        drop = Collections.unmodifiableSet(new TreeSet<>(drop));
        createPhysical = Collections.unmodifiableSet(new TreeSet<>(createPhysical));
        createLogical = Collections.unmodifiableMap(new TreeMap<>(createLogical));
        advance = Collections.unmodifiableMap(new TreeMap<>(advance));
        wanted = Collections.unmodifiableSet(new TreeSet<>(wanted));
        positions = Collections.unmodifiableMap(new TreeMap<>(positions));
    }

    /** Move slot forward to {@code lsn}; a logical slot is advanced from a connection to its {@code database}. */
    public record Advance(SlotSpec spec, long lsn) {
    }
}
