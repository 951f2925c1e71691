package io.jpatroni.daemon.model;

import java.util.Optional;

/**
 * A slot as the configuration wants it: a member's physical slot, or a permanent slot of the {@code slots} section
 * ({@code physical}, or {@code logical} with its database and plugin).
 */
public record SlotSpec(String type, Optional<String> database, Optional<String> plugin) {
    public static final SlotSpec PHYSICAL = new SlotSpec("physical", Optional.empty(), Optional.empty());

    public static SlotSpec logical(String database, String plugin) {
        return new SlotSpec("logical", Optional.of(database), Optional.of(plugin));
    }

    public boolean isLogical() {
        return "logical".equals(type);
    }

    /** Patroni's {@code compare_slots}: the same type and, for a logical slot, the same database and plugin. */
    public boolean matches(LocalSlot slot) {
        return type.equals(slot.type()) && (!isLogical()
                || database.equals(slot.database()) && plugin.equals(slot.plugin()));
    }
}
