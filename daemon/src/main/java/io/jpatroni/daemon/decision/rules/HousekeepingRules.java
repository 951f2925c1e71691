package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.LocalState;
import java.util.Optional;

/**
 * What a member keeps up to date besides its lock, as Patroni does: the leader writes the {@code config} key when it
 * is missing and the {@code history} key after a promotion, and keeps one physical slot per member; a replica keeps
 * the slots of the members that replicate from it. Judged after the cycle's action, by this node's own view of its
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

    /** The primary keeps one slot per other streaming member (with {@code use_slots}). */
    public static Optional<Action> leaderSlots(ClusterView view, LocalState local) {
        // a standby leader (a running replica holding the lock of a standby cluster) keeps them too
        boolean leading = local.isRunningPrimary() || (StandbyRules.applies(view) && local.isRunning());
        if (!isLeader(view, local) || !leading || !view.settings().useSlots()) {
            return Optional.empty();
        }
        return Optional.of(new Action.SyncSlots(MemberSlots.onLeader(view.cluster(), view.me())));
    }

    /** A replica keeps the slots of the members cascading from it, and drops a former primary's. */
    public static Optional<Action> replicaSlots(ClusterView view, LocalState local) {
        if (!view.reachable() || local.holdsValidLock()) {
            return Optional.empty();
        }
        return MemberSlots.onReplica(view.cluster(), view.me(), local.observation(), view.settings().useSlots())
                .map(Action.SyncSlots::new);
    }

    private static boolean isLeader(ClusterView view, LocalState local) {
        return view.reachable() && local.holdsValidLock();
    }
}
