package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;
import java.util.Optional;

/**
 * Another member holds the lock: follow it (or the {@code replicatefrom} member that can feed us, or nobody with
 * {@code nostream}: {@link Cascade}), and never stay a primary without the lock.
 */
public final class ReplicaRules {
    private ReplicaRules() {
    }

    public static Decision decide(ClusterView view, LocalState local) {
        String leader = view.leaderName().orElseThrow();
        if (local.isRunningPrimary()) {
            return Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.DEMOTING_NO_LOCK);
        }
        return divergence(view, local, leader)
                .orElseGet(() -> Decision.of(new Action.Follow(Cascade.upstream(view)),
                        HaMessages.followingLeader(view.me(), leader)));
    }

    /** Local data that cannot follow the leader's timeline as it is: rewind it, or clone it again. */
    static Optional<Decision> divergence(ClusterView view, LocalState local, String leader) {
        return switch (local.divergence()) {
            case NONE, UNDECIDED -> Optional.empty();
            case REWIND_NEEDED -> Optional.of(view.settings().usePgRewind()
                    ? Decision.of(new Action.Rewind(leader), HaMessages.runningRewind(leader))
                    : Decision.of(new Action.Reinitialize(leader), HaMessages.REINITIALIZING_DIVERGED));
            case REINITIALIZE_NEEDED ->
                    Optional.of(Decision.of(new Action.Reinitialize(leader), HaMessages.REINITIALIZING_DIVERGED));
        };
    }
}
