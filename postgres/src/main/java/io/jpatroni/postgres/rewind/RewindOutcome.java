package io.jpatroni.postgres.rewind;

/** What {@link Rewinder#rewindOrRemove} did. */
public enum RewindOutcome {
    /** pg_rewind succeeded: start as a replica of the leader. */
    REWOUND,
    /** Rewind failed or was impossible, and the policy allowed removing the data directory: re-clone. */
    DATA_DIRECTORY_REMOVED
}
