package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.decision.PeerStatus;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.dcs.model.Failover;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No member holds the lock. Only a healthy node within {@code maximum_lag_on_failover}, allowed to
 * promote, and with no reachable peer ahead of it (asked over {@code GET /patroni}) races for it.
 */
public final class LeaderRace {
    private static final Logger log = LoggerFactory.getLogger(LeaderRace.class);

    private LeaderRace() {
    }

    public static Decision decide(ClusterView view, LocalState local) {
        HaSettings s = view.settings();
        boolean primary = local.isRunningPrimary();
        if (s.noFailover()) {
            return primary
                    ? Decision.of(new Action.Demote(DemoteMode.IMMEDIATE), HaMessages.DEMOTING_NOT_HEALTHIEST)
                    : Decision.of(new Action.Follow(Optional.empty()), HaMessages.FOLLOWING_NOT_ALLOWED);
        }
        Optional<Failover> failover = ManualFailoverRules.active(view);
        boolean healthiest = failover.isPresent()
                ? ManualFailoverRules.shouldRace(view, local, failover.get())
                : (primary || FailsafeRules.mayRace(view)) && isHealthiest(view, local);
        if (!healthiest && failover.isPresent() && !primary) {
            // Patroni waits 2 s here for the candidate; we keep streaming settings as they are until it leads
            return Decision.noAction(HaMessages.FOLLOWING_NOT_HEALTHIEST);
        }
        if (!healthiest) {
            return primary
                    ? Decision.of(new Action.Demote(DemoteMode.IMMEDIATE), HaMessages.DEMOTING_NOT_HEALTHIEST)
                    : Decision.of(new Action.Follow(Optional.empty()), HaMessages.FOLLOWING_NOT_HEALTHIEST);
        }
        Action promote = primary ? new Action.NoAction() : new Action.Promote();
        Decision won = Decision.of(failover.isPresent()
                        ? Action.sequence(Action.ClearFailover.afterAcquiringLock(), promote) : promote,
                primary ? HaMessages.ACQUIRED_LOCK_AS_LEADER : HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        Decision lost = primary
                ? Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.DEMOTED_AFTER_FAILED_LOCK)
                : Decision.of(new Action.Follow(Optional.empty()), HaMessages.FOLLOWING_AFTER_FAILED_LOCK);
        return Decision.of(new Action.AcquireLock(won, lost), won.status());
    }

    /** Patroni's {@code is_healthiest_node}: every veto is logged with the reason. */
    static boolean isHealthiest(ClusterView view, LocalState local) {
        return isHealthiest(view, local, Set.of(), true);
    }

    /**
     * @param exclude members whose answers do not count (the former leader of a switchover)
     * @param checkLag whether maximum_lag_on_failover applies (not for a manual failover)
     */
    static boolean isHealthiest(ClusterView view, LocalState local, Set<String> exclude, boolean checkLag) {
        HaSettings s = view.settings();
        if (!local.isRunning()) {
            return false;
        }
        long clusterLsn = view.cluster().status().lastLsn();
        if (checkLag && !local.isRunningPrimary() && clusterLsn > 0
                && clusterLsn - local.walPosition() > s.maximumLagOnFailover()) {
            log.info("My wal position exceeds maximum replication lag");
            return false;
        }
        long clusterTimeline = view.cluster().timeline();
        if (s.checkTimeline() && !local.isRunningPrimary() && local.timeline() < clusterTimeline) {
            log.info("My timeline {} is behind last known cluster timeline {}", local.timeline(), clusterTimeline);
            return false;
        }
        for (Map.Entry<String, PeerStatus> e : local.peers().entrySet()) {
            PeerStatus peer = e.getValue();
            if (e.getKey().equals(view.me()) || exclude.contains(e.getKey()) || !peer.reachable()) {
                continue;
            }
            if (peer.runningPrimary() && !local.isRunningPrimary()) {
                log.info("Primary ({}) is still alive", e.getKey());
                return false;
            }
            if (peer.noFailover()) {
                continue;
            }
            if (peer.walPosition() > local.walPosition()) {
                log.info("Wal position of {} is ahead of my wal position", e.getKey());
                return false;
            }
            if (peer.walPosition() == local.walPosition() && peer.failoverPriority() > s.failoverPriority()) {
                log.info("{} has equally tolerable WAL position and priority {}, while this node has priority {}",
                        e.getKey(), peer.failoverPriority(), s.failoverPriority());
                return false;
            }
        }
        return true;
    }
}
