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
 * it still holds the lock, so it stops being one, unless failsafe mode keeps it ({@link FailsafeRules#keepLeading}:
 * every member of the {@code failsafe} key confirmed it this cycle); everyone else waits, and so does everyone in
 * maintenance mode (as the cluster was last seen: the view's cluster stands for it).
 */
public final class DcsRules {
    private DcsRules() {
    }

    public static Optional<Decision> unreachable(ClusterView view, LocalState local) {
        if (view.reachable()) {
            return Optional.empty();
        }
        if (local.isRunningPrimary() && !view.cluster().isPaused()) {
            return FailsafeRules.keepLeading(view, local).or(() -> Optional.of(
                    Decision.of(new Action.Demote(DemoteMode.OFFLINE), HaMessages.DEMOTED_DCS_INACCESSIBLE)));
        }
        return Optional.of(Decision.noAction(HaMessages.DCS_INACCESSIBLE));
    }
}
