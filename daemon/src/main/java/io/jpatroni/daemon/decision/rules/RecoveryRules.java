package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.PostgresProcess;
import java.util.Optional;

/** PostgreSQL is not running although the data directory is there: bring it back in the right role. */
public final class RecoveryRules {
    private RecoveryRules() {
    }

    public static Optional<Decision> decide(ClusterView view, LocalState local) {
        if (local.process() == PostgresProcess.STARTING) {
            return Optional.of(Decision.noAction("PostgreSQL is still starting up"));
        }
        if (local.isRunning()) {
            return Optional.empty();
        }
        if (view.holdsLock() && view.settings().primaryStartTimeout().isZero() && view.isFailoverPossible()) {
            return Optional.of(crashedLeader(view));
        }
        Optional<Decision> standby = StandbyRules.recover(view, local);
        if (standby.isPresent()) {
            return standby;
        }
        if (view.holdsLock()) {
            return Optional.of(crashedLeader(view));
        }
        Optional<String> leader = view.leaderName();
        if (leader.isPresent()) {
            Optional<Decision> diverged = ReplicaRules.divergence(view, local, leader.get());
            if (diverged.isPresent()) {
                return diverged;
            }
        }
        return Optional.of(Decision.of(new Action.Follow(Cascade.upstream(view)), HaMessages.STARTING_AS_SECONDARY));
    }

    /**
     * The lock holder's PostgreSQL is down: with {@code primary_start_timeout: 0} hand over at once if
     * someone can take over; otherwise keep the lock and start read-only (promotion follows).
     */
    private static Decision crashedLeader(ClusterView view) {
        if (view.settings().primaryStartTimeout().isZero() && view.isFailoverPossible()) {
            return Decision.of(new Action.Demote(DemoteMode.IMMEDIATE), HaMessages.STOPPED_TO_FAIL_OVER_AFTER_CRASH);
        }
        Decision start = Decision.of(new Action.StartAsReadOnlyLeader(), HaMessages.STARTING_AS_READONLY_WITH_LOCK);
        return Decision.of(new Action.UpdateLock(start,
                Decision.noAction(HaMessages.lostLockDuring("starting"))), start.status());
    }
}
