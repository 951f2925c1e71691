package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;

/** This node holds the lock: renew it, be the primary, and step down at once if the renewal fails. */
public final class LeaderRules {
    private LeaderRules() {
    }

    public static Decision decide(ClusterView view, LocalState local) {
        Decision normal = local.isRunningPrimary()
                ? Decision.noAction(HaMessages.leaderWithLock(view.me()))
                : Decision.of(new Action.Promote(), HaMessages.PROMOTED_BECAUSE_HAD_LOCK);
        Decision renewed = local.isRunningPrimary()
                ? ManualFailoverRules.fromLeader(view, local, normal).orElse(normal) : normal;
        Decision lost = Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK),
                HaMessages.DEMOTED_FAILED_UPDATE_LOCK);
        return Decision.of(new Action.UpdateLock(renewed, lost), renewed.status());
    }
}
