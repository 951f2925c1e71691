package io.jpatroni.daemon.model;

import java.util.Locale;
import java.util.Set;

/**
 * What the running primary says about synchronous replication, parsed by the adapter: its
 * {@code synchronous_standby_names} and {@code synchronous_commit}, and the primary's WAL position when the HA loop
 * last saw {@code synchronous_standby_names} change (a standby listed since then counts as synchronous only once it
 * reached that position, as Patroni's SyncHandler does).
 *
 * @param kind              off (empty), priority, or quorum ({@code ANY n (...)})
 * @param num               how many listed standbys confirm a commit
 * @param names             the names listed, lower case, without {@code *}
 * @param star              {@code *} is listed
 * @param synchronousCommit the running value ({@code on}, {@code remote_apply}, {@code remote_write}…)
 * @param changedAtLsn      the primary's WAL position when the value was last seen changing
 * @param managed           the HA loop sets the value (it is no longer the configured parameter's)
 */
public record SyncObservation(Kind kind, int num, Set<String> names, boolean star, String synchronousCommit,
                              long changedAtLsn, boolean managed) {
    /** How PostgreSQL waits for the listed standbys. */
    public enum Kind { OFF, PRIORITY, QUORUM }

    /** Not a running primary, or nothing known. */
    public static final SyncObservation NONE = new SyncObservation(Kind.OFF, 0, Set.of(), false, "on", 0, false);

    public SyncObservation {
        names = Set.copyOf(names);
    }

    /** {@code name} is listed (PostgreSQL compares standby names without case). */
    public boolean lists(String name) {
        return names.contains(name.toLowerCase(Locale.ROOT));
    }
}
