package io.jpatroni.daemon.ha;

import io.jpatroni.daemon.ha.rules.DataDirRules;
import io.jpatroni.daemon.ha.rules.LeaderRace;
import io.jpatroni.daemon.ha.rules.LeaderRules;
import io.jpatroni.daemon.ha.rules.PauseRules;
import io.jpatroni.daemon.ha.rules.RecoveryRules;
import io.jpatroni.daemon.ha.rules.ReplicaRules;
import io.jpatroni.daemon.ha.rules.TaskRules;
import io.jpatroni.dcs.model.Cluster;
import java.util.Optional;

/**
 * The HA decision: a pure function of (cluster view from the DCS, local state, settings) that
 * returns one action and the status line Patroni would log. It follows the order of Patroni's
 * {@code _run_cycle}; each branch lives in a rule class named after its concern.
 */
public final class HaDecider {

    /**
     * @param cluster the cluster as loaded from the DCS this cycle; empty when the DCS could not be reached
     */
    public Decision decide(Optional<Cluster> cluster, LocalState local, HaSettings settings) {
        if (cluster.isEmpty()) {
            return dcsUnreachable(local);
        }
        ClusterView view = new ClusterView(cluster.get(), settings);

        if (view.cluster().isPaused()) {
            return PauseRules.prefixed(TaskRules.whileRunning(view, local)
                    .or(() -> TaskRules.afterFinished(view, local))
                    .or(() -> DataDirRules.decide(view, local))
                    .orElseGet(() -> PauseRules.decide(view, local)));
        }
        Optional<Decision> decision = TaskRules.whileRunning(view, local)
                .or(() -> TaskRules.afterFinished(view, local))
                .or(() -> DataDirRules.decide(view, local))
                .or(() -> RecoveryRules.decide(view, local));
        if (decision.isPresent()) {
            return decision.get();
        }
        if (view.isUnlocked()) {
            return LeaderRace.decide(view, local);
        }
        return view.holdsLock() ? LeaderRules.decide(view, local) : ReplicaRules.decide(view, local);
    }

    private static Decision dcsUnreachable(LocalState local) {
        if (local.isRunningPrimary()) {
            return Decision.of(new Action.Demote(DemoteMode.OFFLINE), HaMessages.DEMOTED_DCS_INACCESSIBLE);
        }
        return Decision.noAction(HaMessages.DCS_INACCESSIBLE);
    }
}
