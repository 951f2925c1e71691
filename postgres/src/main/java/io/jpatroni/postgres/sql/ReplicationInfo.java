package io.jpatroni.postgres.sql;

import java.util.Optional;
import java.util.OptionalLong;

/** One row of pg_stat_replication. */
public record ReplicationInfo(int pid, String applicationName, Optional<String> clientAddr, String state,
                              String syncState, OptionalLong sentLsn, OptionalLong writeLsn, OptionalLong flushLsn,
                              OptionalLong replayLsn) {
}
