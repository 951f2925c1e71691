package io.jpatroni.daemon.model;

import java.util.List;
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
 */
public record SlotFacts(List<LocalSlot> present, Set<String> known, boolean reload, Set<String> copyAgain) {
    public SlotFacts {
        present = List.copyOf(present);
        known = Set.copyOf(known);
        copyAgain = Set.copyOf(copyAgain);
    }

    /** Nothing to copy again. */
    public SlotFacts(List<LocalSlot> present, Set<String> known, boolean reload) {
        this(present, known, reload, Set.of());
    }

    public Optional<LocalSlot> get(String name) {
        return present.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
