package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.decision.rules.DataDirRules;
import io.jpatroni.daemon.decision.rules.LeaderRace;
import io.jpatroni.daemon.decision.rules.LeaderRules;
import io.jpatroni.daemon.decision.rules.PauseRules;
import io.jpatroni.daemon.decision.rules.RecoveryRules;
import io.jpatroni.daemon.decision.rules.ReplicaRules;
import io.jpatroni.daemon.decision.rules.TaskRules;
import io.jpatroni.dcs.model.Cluster;
import java.util.Optional;
import io.jpatroni.daemon.model.DemoteMode;

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
        Optional<Decision> early = TaskRules.whileRunning(view, local)
                .or(() -> TaskRules.afterFinished(view, local))
                .or(() -> DataDirRules.decide(view, local));
        Decision decision;
        if (view.cluster().isPaused()) {
            decision = PauseRules.prefixed(early.orElseGet(() -> PauseRules.decide(view, local)));
        } else {
            decision = early.or(() -> RecoveryRules.decide(view, local)).orElseGet(() -> {
                if (view.isUnlocked()) {
                    return LeaderRace.decide(view, local);
                }
                return view.holdsLock() ? LeaderRules.decide(view, local) : ReplicaRules.decide(view, local);
            });
        }
        return DataDirRules.initializeStep(view, local, early.isEmpty())
                .filter(step -> !(decision.action() instanceof Action.Fatal))
                .map(step -> Decision.of(Action.sequence(step, decision.action()), decision.status()))
                .orElse(decision);
    }

    private static Decision dcsUnreachable(LocalState local) {
        if (local.isRunningPrimary()) {
            return Decision.of(new Action.Demote(DemoteMode.OFFLINE), HaMessages.DEMOTED_DCS_INACCESSIBLE);
        }
        return Decision.noAction(HaMessages.DCS_INACCESSIBLE);
    }
}
