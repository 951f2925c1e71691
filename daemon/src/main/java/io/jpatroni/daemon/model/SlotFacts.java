package io.jpatroni.daemon.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The local replication slots as the slot upkeep needs them (Patroni's {@code SlotsHandler} cache).
 *
 * @param present the slots PostgreSQL has now (temporary ones left out)
 * @param known   the slots jpatroni manages: those the last plan wanted (Patroni's {@code _replication_slots})
 * @param reload  true when every present slot counts as known again, as Patroni's {@code _schedule_load_slots}: when
 *                the daemon started, when PostgreSQL was (re)started, promoted or demoted since the last plan, when
 *                a drop could not be done, or when a slot jpatroni manages disappeared
 * @param copyAgain logical slots of this replica that could not be advanced because the WAL they need is gone
 *                (SQLSTATE 58P01): copied from the primary again, as Patroni does
 * @param membersSeen for each member slot name, when this daemon last saw that member in the DCS (for
 *                {@code member_slots_ttl}: the slot of a member that left is kept until that moment + the ttl)
 */
public record SlotFacts(List<LocalSlot> present, Set<String> known, boolean reload, Set<String> copyAgain,
                        Map<String, Instant> membersSeen) {
    public SlotFacts {
        present = List.copyOf(present);
        known = Set.copyOf(known);
        copyAgain = Set.copyOf(copyAgain);
        membersSeen = Map.copyOf(membersSeen);
    }

    /** No member seen yet. */
    public SlotFacts(List<LocalSlot> present, Set<String> known, boolean reload, Set<String> copyAgain) {
        this(present, known, reload, copyAgain, Map.of());
    }

    /** The same facts, with when each member was last seen. */
    public SlotFacts withMembersSeen(Map<String, Instant> seen) {
        return new SlotFacts(present, known, reload, copyAgain, seen);
    }

    /** Nothing to copy again. */
    public SlotFacts(List<LocalSlot> present, Set<String> known, boolean reload) {
        this(present, known, reload, Set.of());
    }

    public Optional<LocalSlot> get(String name) {
        return present.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
