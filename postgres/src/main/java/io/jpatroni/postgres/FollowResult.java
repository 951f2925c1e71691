package io.jpatroni.postgres;

/** How {@link Postgres#follow} applied a new standby configuration. */
public enum FollowResult {
    /** Nothing changed. */
    UNCHANGED,
    /** Files rewritten and PostgreSQL reloaded (PostgreSQL 13+ reloads primary_conninfo / primary_slot_name). */
    RELOADED,
    /** PostgreSQL had to be restarted (older version, a non-reloadable setting, or it was a primary). */
    RESTARTED,
    /** It was stopped: files written and started as a replica. */
    STARTED
}
