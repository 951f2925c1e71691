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
import io.jpatroni.dcs.model.SyncState;
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
                    : Decision.of(StandbyRules.followNobody(view), HaMessages.FOLLOWING_NOT_ALLOWED);
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
                    : Decision.of(StandbyRules.followNobody(view), HaMessages.FOLLOWING_NOT_HEALTHIEST);
        }
        Action promote = primary ? new Action.NoAction() : new Action.Promote();
        Decision won = StandbyRules.applies(view)
                ? StandbyRules.afterWinningRace(view, local, failover.isPresent()
                        ? Action.ClearFailover.afterAcquiringLock() : new Action.NoAction())
                : Decision.of(failover.isPresent()
                        ? Action.sequence(Action.ClearFailover.afterAcquiringLock(), promote) : promote,
                primary ? HaMessages.ACQUIRED_LOCK_AS_LEADER : HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        Decision lost = primary
                ? Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.DEMOTED_AFTER_FAILED_LOCK)
                : Decision.of(StandbyRules.followNobody(view), HaMessages.FOLLOWING_AFTER_FAILED_LOCK);
        return Decision.of(new Action.AcquireLock(won, lost), won.status());
    }

    /** Patroni's {@code is_healthiest_node}: every veto is logged with the reason. */
    static boolean isHealthiest(ClusterView view, LocalState local) {
        if (!SyncRules.mayRace(view, view.me())) {
            log.debug("not a synchronous standby: only {} may be promoted",
                    SyncRules.key(view).map(k -> SyncRules.pyList(k.syncStandbys())).orElse("[]"));
            return false;
        }
        return isHealthiest(view, local, Set.of(), true, true);
    }

    /**
     * @param exclude members whose answers do not count (the former leader of a switchover)
     * @param checkLag whether maximum_lag_on_failover applies (not for a manual failover)
     * @param onlySync in synchronous mode, compare with the members the sync key names only (not for a manual
     *                 failover, where every member but the former leader counts)
     */
    static boolean isHealthiest(ClusterView view, LocalState local, Set<String> exclude, boolean checkLag,
                                boolean onlySync) {
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
        // Patroni skips the timeline check in a standby cluster: the remote's promotions change it under everyone
        if (s.checkTimeline() && !s.isStandbyCluster() && !local.isRunningPrimary() && local.timeline() < clusterTimeline) {
            log.info("My timeline {} is behind last known cluster timeline {}", local.timeline(), clusterTimeline);
            return false;
        }
        // in synchronous mode (with a sync key) only the members it names are compared; quorum commit counts votes
        Optional<SyncState> syncKey = SyncRules.key(view);
        Optional<SyncState> quorumKey = SyncRules.quorumKey(view);
        int votes = quorumKey.map(k -> k.matches(view.me()) ? 0 : -1).orElse(0);
        int ahead = 0;
        for (Map.Entry<String, PeerStatus> e : local.peers().entrySet()) {
            PeerStatus peer = e.getValue();
            String name = e.getKey();
            if (name.equals(view.me()) || exclude.contains(name) || !peer.reachable()) {
                continue;
            }
            if (onlySync && syncKey.isPresent() && !SyncRules.matches(syncKey.get(), name)) {
                continue;
            }
            if (peer.runningPrimary() && !local.isRunningPrimary()) {
                log.info("Primary ({}) is still alive", name);
                return false;
            }
            boolean voter = quorumKey.isPresent() && quorumKey.get().matches(name);
            if (peer.noFailover() && !voter) {
                continue;
            }
            if (peer.walPosition() > local.walPosition()) {
                ahead++;
                log.info("Wal position of {} is ahead of my wal position", name);
                if (!SyncRules.isFormerLeader(view, name)) {
                    return false;
                }
                log.info("Ignoring the former leader being ahead of us");
                continue;
            }
            if (peer.walPosition() == local.walPosition() && peer.failoverPriority() > s.failoverPriority()
                    && (quorumKey.isEmpty() || voter)) {
                log.info("{} has equally tolerable WAL position and priority {}, while this node has priority {}",
                        name, peer.failoverPriority(), s.failoverPriority());
                return false;
            }
            if (voter && peer.walPosition() > 0) {
                log.info("Got quorum vote from {}", name);
                votes++;
            }
        }
        if (quorumKey.isPresent()) {
            SyncState k = quorumKey.get();
            int needed = k.quorum().orElse(0);
            boolean formerLeaderAlone = ahead == 0 && k.leader().filter(view.me()::equalsIgnoreCase).isPresent();
            if (votes < needed && !formerLeaderAlone) {
                log.debug("not enough quorum votes: {} of {}", Math.max(votes, 0), needed);
                return false;
            }
        }
        return true;
    }
}
