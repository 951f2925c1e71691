package io.jpatroni.daemon.ha.rules;

import io.jpatroni.daemon.ha.Action;
import io.jpatroni.daemon.ha.ClusterView;
import io.jpatroni.daemon.ha.Decision;
import io.jpatroni.daemon.ha.HaMessages;
import io.jpatroni.daemon.ha.LocalState;
import io.jpatroni.daemon.ha.LocalState.PostgresProcess;
import java.util.Optional;

/** PostgreSQL is not running although the data directory is there: bring it back in the right role. */
public final class RecoveryRules {
    private RecoveryRules() {
    }

    public static Optional<Decision> decide(ClusterView view, LocalState local) {
        if (local.postgres() == PostgresProcess.STARTING) {
            return Optional.of(Decision.noAction("PostgreSQL is still starting up"));
        }
        if (local.isRunning()) {
            return Optional.empty();
        }
        if (view.holdsLock()) {
            return Optional.of(Decision.of(new Action.StartAsReadOnlyLeader(),
                    HaMessages.STARTING_AS_READONLY_WITH_LOCK));
        }
        Optional<String> leader = view.leaderName();
        if (leader.isPresent()) {
            Optional<Decision> diverged = ReplicaRules.divergence(view, local, leader.get());
            if (diverged.isPresent()) {
                return diverged;
            }
        }
        return Optional.of(Decision.of(new Action.Follow(leader), HaMessages.STARTING_AS_SECONDARY));
    }
}
