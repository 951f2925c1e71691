package io.jpatroni.postgres;

/** Each purpose gets its own reused connection, so a slow REST API query never delays the HA loop. */
public enum QueryPurpose {
    /** The HA loop's once-per-cycle state queries. */
    HA_LOOP,
    /** REST API handlers (status, metrics). */
    REST_API,
    /** jpatroni's own operations: bootstrap roles, promote checks, parameter changes, slots. */
    ADMIN
}
