package io.jpatroni.daemon.model;

/** How the last background task ended. */
public record TaskOutcome(TaskKind kind, boolean success, String detail) {
    /** The detail of a promotion the {@code pre_promote} script vetoed (non-zero exit, or cancelled). */
    public static final String PRE_PROMOTE_FAILED = "pre_promote script failed";

    /** A promotion that the {@code pre_promote} script vetoed. */
    public boolean vetoedPromotion() {
        return kind == TaskKind.PROMOTE && !success && PRE_PROMOTE_FAILED.equals(detail);
    }
}
