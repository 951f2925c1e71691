package io.jpatroni.postgres.sql;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Typed queries against the local PostgreSQL. Every method throws {@link PostgresConnectionException} when the
 * server cannot be reached or the query fails; none returns null.
 */
public interface PostgresQueries extends AutoCloseable {
    boolean isInRecovery();

    /** Timeline and LSNs in one round trip. */
    WalPosition walPosition();

    /** The cycle's look at the server: {@link #walPosition()} and the facts that change only with a restart or a reload. */
    NodeStatus status();

    Instant postmasterStartTime();

    List<ReplicationInfo> replicationStatus();

    List<SlotInfo> replicationSlots();

    /** Creates a physical slot unless it exists; returns true when it was created. */
    boolean createPhysicalSlot(String name);

    /** Drops a slot if it exists and is not active; returns true when it was dropped. */
    boolean dropSlot(String name);

    List<SettingInfo> settings(Collection<String> names);

    /** {@code current_setting(name)}. */
    String currentSetting(String name);

    void checkpoint();

    /** Runs one statement (DDL during bootstrap). */
    void execute(String sql);

    @Override
    void close();
}
