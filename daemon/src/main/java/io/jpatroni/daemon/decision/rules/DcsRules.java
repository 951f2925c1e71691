package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;
import java.util.Optional;

/**
 * The DCS did not answer this cycle (Patroni's {@code _handle_dcs_error}): a running primary cannot know whether
 * it still holds the lock, so it stops being one; everyone else waits. Failsafe mode will grow here: a primary
 * that every member still answers keeps running.
 */
public final class DcsRules {
    private DcsRules() {
    }

    public static Optional<Decision> unreachable(ClusterView view, LocalState local) {
        if (view.reachable()) {
            return Optional.empty();
        }
        if (local.isRunningPrimary()) {
            return Optional.of(Decision.of(new Action.Demote(DemoteMode.OFFLINE), HaMessages.DEMOTED_DCS_INACCESSIBLE));
        }
        return Optional.of(Decision.noAction(HaMessages.DCS_INACCESSIBLE));
    }
}
