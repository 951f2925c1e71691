package io.jpatroni.postgres.sql;

import java.util.Optional;
import java.util.OptionalLong;

/** One row of pg_replication_slots. */
public record SlotInfo(String name, String type, Optional<String> plugin, Optional<String> database,
                       boolean active, OptionalLong restartLsn, OptionalLong confirmedFlushLsn) {
}
