package io.jpatroni.restapi;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What the HA loop learned from a running PostgreSQL in its last cycle. Absent from a {@link NodeSnapshot}
 * when PostgreSQL could not be queried (then {@code /patroni} shows only {@code state} and {@code role}).
 *
 * @param postmasterStartTime {@code pg_postmaster_start_time()}
 * @param serverVersion       {@code server_version_num}, e.g. 150018
 * @param xlog                primary location or replica received/replayed positions
 * @param timeline            current timeline (0 when unknown)
 * @param replication         {@code pg_stat_replication} rows (primary only, may be empty)
 * @param replicationState    {@code streaming} / {@code in archive recovery} for a replica, when known
 */
public record PostgresStatus(Optional<OffsetDateTime> postmasterStartTime, int serverVersion, Xlog xlog,
                             long timeline, List<ReplicationRow> replication, Optional<String> replicationState) {

    public PostgresStatus {
        replication = List.copyOf(replication);
    }

    /** A running primary at WAL {@code location}. */
    public static PostgresStatus primary(OffsetDateTime started, int serverVersion, long location, long timeline,
                                         List<ReplicationRow> replication) {
        return new PostgresStatus(Optional.of(started), serverVersion, new Xlog.Primary(location), timeline,
                replication, Optional.empty());
    }

    /** A running replica. */
    public static PostgresStatus replica(OffsetDateTime started, int serverVersion, Xlog.Replica xlog, long timeline,
                                         Optional<String> replicationState) {
        return new PostgresStatus(Optional.of(started), serverVersion, xlog, timeline, List.of(), replicationState);
    }

    /** One {@code pg_stat_replication} row as shown by {@code /patroni}. */
    public record ReplicationRow(String usename, String applicationName, String clientAddr, String state,
                                 String syncState, int syncPriority) {
    }
}
