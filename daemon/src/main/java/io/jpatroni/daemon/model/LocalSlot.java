package io.jpatroni.daemon.model;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A replication slot of the local PostgreSQL (a row of {@code pg_replication_slots}, temporary slots left out).
 *
 * @param type              {@code physical} or {@code logical}
 * @param restartLsn        where the slot holds WAL from
 * @param confirmedFlushLsn what a logical slot's consumer confirmed
 */
public record LocalSlot(String name, String type, Optional<String> plugin, Optional<String> database, boolean active,
                        OptionalLong restartLsn, OptionalLong confirmedFlushLsn) {

    public static LocalSlot physical(String name, boolean active, long restartLsn) {
        return new LocalSlot(name, "physical", Optional.empty(), Optional.empty(), active, OptionalLong.of(restartLsn),
                OptionalLong.empty());
    }

    public static LocalSlot logical(String name, String database, String plugin, boolean active, long confirmedFlush) {
        return new LocalSlot(name, "logical", Optional.of(plugin), Optional.of(database), active,
                OptionalLong.of(confirmedFlush), OptionalLong.of(confirmedFlush));
    }

    public boolean isLogical() {
        return "logical".equals(type);
    }
}
