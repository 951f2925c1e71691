package io.jpatroni.postgres.sql;

import java.time.Instant;

/**
 * What a cycle asks the local server, in one round trip (Patroni's cycle asks one query too): where it stands in the
 * WAL, which server it is (system identifier, postmaster start, version) and the two settings the synchronous
 * replication choice reads.
 */
public record NodeStatus(WalPosition wal, String systemIdentifier, Instant postmasterStartTime, int serverVersionNum,
                         String synchronousStandbyNames, String synchronousCommit) {
}
