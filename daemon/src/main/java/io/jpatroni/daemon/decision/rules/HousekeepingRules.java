package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.LocalState;
import java.util.Optional;

/**
 * What a member keeps up to date besides its lock, as Patroni does: the leader writes the {@code config} key when it
 * is missing and the {@code history} key after a promotion (the slots: {@link SlotRules}). Judged after the cycle's action, by this node's own view of its
 * lease ({@link LocalState#holdsValidLock()}).
 */
public final class HousekeepingRules {
    private HousekeepingRules() {
    }

    /** The leader found no {@code config} key (a wiped DCS, or a cluster from before it had one). */
    public static Optional<Action> configKey(ClusterView view, LocalState local) {
        if (!isLeader(view, local) || view.cluster().config().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Action.WriteConfigKey());
    }

    /** A primary on a timeline the {@code history} key does not know yet (Patroni's {@code update_cluster_history}). */
    public static Optional<Action> history(ClusterView view, LocalState local) {
        long timeline = local.timeline();
        if (!isLeader(view, local) || !local.isRunningPrimary() || timeline <= 1
                || view.cluster().timeline() >= timeline) {
            return Optional.empty();
        }
        return Optional.of(new Action.UpdateHistory(timeline));
    }

    private static boolean isLeader(ClusterView view, LocalState local) {
        return view.reachable() && local.holdsValidLock();
    }
}
