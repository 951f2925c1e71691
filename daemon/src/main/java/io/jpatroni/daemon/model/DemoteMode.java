package io.jpatroni.daemon.model;

/** How a primary stops being one (Patroni's demote modes). */
public enum DemoteMode {
    /** DCS unreachable: fast stop, the key is not ours to delete any more. */
    OFFLINE,
    /** Planned switchover: checkpoint, fast stop, release once replicas have the shutdown checkpoint. */
    GRACEFUL,
    /** Unhealthy: immediate stop, release the key. */
    IMMEDIATE,
    /** Lock lost: immediate stop at once, nothing to release. */
    IMMEDIATE_NOLOCK
}
