package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.StandbyCluster;
import java.util.List;
import java.util.Optional;

/**
 * A standby cluster (the dynamic {@code standby_cluster} section, Patroni's {@code is_standby_cluster}): the lock
 * holder is a {@code standby_leader} that streams from (or restores the WAL of) a remote host and is never promoted,
 * its replicas follow it, and a primary is demoted. Removing the section makes the lock holder an ordinary leader,
 * which the {@code leader} row promotes.
 */
public final class StandbyRules {
    private StandbyRules() {
    }

    /** Whether the cluster is a standby cluster (the rows below apply). */
    public static boolean applies(ClusterView view) {
        return view.settings().isStandbyCluster();
    }

    private static StandbyCluster remote(ClusterView view) {
        return view.settings().standbyCluster().orElseThrow();
    }

    /**
     * We hold the lock (Patroni's {@code process_healthy_cluster} with {@code is_standby_cluster}): renew it and follow
     * the remote host; a primary cannot stay one here and is stopped (the next cycle starts it as the standby leader).
     * A switchover inside the standby cluster is acted on first, as the leader row does (Patroni's
     * {@code process_manual_failover_from_leader} runs for a standby leader too): a graceful demotion hands the lock to
     * the candidate, which becomes the standby leader.
     */
    public static Decision leader(ClusterView view, LocalState local) {
        Decision normal = followRemote(view, local, alreadyStandbyLeader(local)
                ? HaMessages.standbyLeaderWithLock(view.me()) : HaMessages.PROMOTED_TO_STANDBY_LEADER_HAD_LOCK);
        Decision renewed = local.isRunningPrimary() ? normal
                : ManualFailoverRules.fromLeader(view, local, normal).orElse(normal);
        Decision lost = local.isRunningPrimary()
                ? Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.DEMOTED_FAILED_UPDATE_LOCK)
                : Decision.noAction(HaMessages.NOT_PROMOTING_FAILED_UPDATE_LOCK);
        return Decision.of(new Action.UpdateLock(renewed, lost), renewed.status());
    }

    /** Won the race for the lock of a standby cluster: become its standby leader (Patroni's process_unhealthy_cluster). */
    public static Decision afterWinningRace(ClusterView view, LocalState local, Action before) {
        Decision follow = followRemote(view, local, HaMessages.PROMOTED_TO_STANDBY_LEADER_BY_ACQUIRING_LOCK);
        Action action = before instanceof Action.NoAction ? follow.action() : new Action.Sequence(List.of(before, follow.action()));
        return Decision.of(action, follow.status());
    }

    /**
     * Another member holds the lock: follow it as a secondary, with the standby cluster's restore_command and
     * archive_cleanup_command; a primary is demoted. A lock naming a member without a conn_url leaves the recovery
     * settings as they are.
     */
    public static Decision replica(ClusterView view, LocalState local) {
        String leader = view.leaderName().orElseThrow();
        if (local.isRunningPrimary()) {
            return Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.NOT_A_REAL_PRIMARY_IN_A_STANDBY);
        }
        if (view.member(leader).flatMap(MemberTarget::of).isEmpty()) {
            return Decision.noAction(HaMessages.CONTINUE_FOLLOWING_OLD_STANDBY_LEADER);
        }
        return ReplicaRules.divergence(view, local, leader)
                .orElseGet(() -> Decision.of(new Action.Follow(Cascade.upstream(view)),
                        HaMessages.followingStandbyLeader(view.me(), leader)));
    }

    /**
     * PostgreSQL is down (Patroni's {@code recover}): the lock holder starts as the standby leader, a node of a
     * standby cluster without a leader starts following the remote host; empty when the generic rule applies.
     */
    public static Optional<Decision> recover(ClusterView view, LocalState local) {
        if (!applies(view)) {
            return Optional.empty();
        }
        if (view.holdsLock()) {
            Decision start = Decision.of(new Action.FollowRemote(remote(view), true),
                    HaMessages.STARTING_AS_STANDBY_LEADER);
            return Optional.of(Decision.of(new Action.UpdateLock(start,
                    Decision.of(new Action.Follow(Optional.empty()), HaMessages.STARTING_AS_SECONDARY)),
                    start.status()));
        }
        if (view.isUnlocked()) {
            return Optional.of(Decision.of(new Action.FollowRemote(remote(view), false),
                    HaMessages.FOLLOWING_REMOTE_UNHEALTHY));
        }
        return Optional.empty();
    }

    /** An empty node of a standby cluster nobody initialized: the winner of the initialize key clones the remote. */
    public static Decision bootstrap(ClusterView view) {
        return Decision.of(new Action.RaceInitialize(
                        Decision.of(new Action.BootstrapStandbyLeader(remote(view)),
                                HaMessages.TRYING_TO_BOOTSTRAP_STANDBY_LEADER),
                        Decision.noAction(HaMessages.FAILED_INITIALIZE_LOCK)),
                HaMessages.TRYING_TO_BOOTSTRAP_STANDBY_LEADER);
    }

    /**
     * Follow the remote host as its standby leader; a running primary is stopped first (Patroni's
     * {@code enforce_follow_remote_member}: "cannot be a real primary in standby cluster").
     */
    private static Decision followRemote(ClusterView view, LocalState local, String status) {
        if (local.isRunningPrimary()) {
            return Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.NOT_A_REAL_PRIMARY_IN_STANDBY);
        }
        return Decision.of(new Action.FollowRemote(remote(view), true), status);
    }

    /**
     * What a member that does not lead follows while the cluster has no leader: nobody, or in a standby cluster the
     * remote host (Patroni's {@code _get_node_to_follow} for an unlocked standby cluster).
     */
    public static Action followNobody(ClusterView view) {
        return applies(view) ? new Action.FollowRemote(remote(view), false) : new Action.Follow(Optional.empty());
    }

    /** PostgreSQL already follows the remote host (Patroni: its role is already {@code standby_leader}). */
    private static boolean alreadyStandbyLeader(LocalState local) {
        return local.isRunning() && local.inRecovery()
                && local.observation().following().filter(StandbyCluster.REMOTE_MEMBER::equals).isPresent();
    }
}
