package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.PostgresProcess;
import io.jpatroni.dcs.model.Failover;
import java.util.Optional;

/**
 * Maintenance mode ({@code pause: true} in the dynamic configuration): nothing automatic. No promotion, no
 * demotion, no restart of a stopped PostgreSQL; the lock only follows what PostgreSQL is. A manual failover
 * to a named candidate still works. The dispatcher prefixes every status line with {@code PAUSE: }.
 */
public final class PauseRules {
    private PauseRules() {
    }

    public static Decision decide(ClusterView view, LocalState local) {
        String me = view.me();
        if (local.process() == PostgresProcess.STARTING) {
            return Decision.noAction("PostgreSQL is still starting up");
        }
        if (!local.isRunning()) {
            return view.holdsLock()
                    ? Decision.of(new Action.ReleaseLock(), HaMessages.PAUSE_REMOVED_LOCK_NOT_RUNNING)
                    : Decision.noAction(HaMessages.PAUSE_NOT_RUNNING);
        }
        Optional<Failover> failover = ManualFailoverRules.active(view)
                .filter(f -> f.scheduledAt().isEmpty());
        boolean candidate = failover.flatMap(Failover::candidate).filter(me::equals).isPresent()
                && !view.settings().noFailover();
        if (view.isUnlocked()) {
            if (local.isRunningPrimary()) {
                return Decision.of(new Action.AcquireLock(Decision.noAction(HaMessages.ACQUIRED_LOCK_AS_LEADER),
                        Decision.noAction(HaMessages.PAUSE_PRIMARY_WITHOUT_LOCK)), HaMessages.ACQUIRED_LOCK_AS_LEADER);
            }
            if (candidate) {
                Decision won = Decision.of(Action.sequence(Action.ClearFailover.afterAcquiringLock(),
                        new Action.Promote()), HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
                return Decision.of(new Action.AcquireLock(won, Decision.noAction(HaMessages.noActionIAm(me))),
                        won.status());
            }
            return Decision.noAction(HaMessages.noActionIAm(me));
        }
        if (view.holdsLock()) {
            if (!local.isRunningPrimary() && StandbyRules.applies(view)) {
                // Patroni keeps a standby leader's lock in pause: it is not meant to run as a primary
                return StandbyRules.leader(view, local);
            }
            if (!local.isRunningPrimary()) {
                return candidate ? Decision.noAction(HaMessages.PAUSE_WAITING_TO_PROMOTE)
                        : Decision.of(new Action.ReleaseLock(), HaMessages.PAUSE_REMOVED_LOCK_NOT_PRIMARY);
            }
            Decision normal = Decision.noAction(HaMessages.leaderWithLock(me));
            Decision renewed = ManualFailoverRules.fromLeader(view, local, normal).orElse(normal);
            return Decision.of(new Action.UpdateLock(renewed,
                    Decision.noAction(HaMessages.PAUSE_PRIMARY_FAILED_UPDATE)), renewed.status());
        }
        if (local.isRunningPrimary()) {
            return Decision.noAction(HaMessages.PAUSE_PRIMARY_WITHOUT_LOCK);
        }
        String leader = view.leaderName().orElseThrow();
        return Decision.of(new Action.Follow(Cascade.upstream(view)), HaMessages.followingLeader(me, leader));
    }

    /** Every status line of a paused cycle starts with {@code PAUSE: }, the continuations' too. */
    public static Decision prefixed(Decision d) {
        Action a = d.action();
        if (a instanceof Action.AcquireLock l) {
            a = new Action.AcquireLock(prefixed(l.onWin()), prefixed(l.onLose()));
        } else if (a instanceof Action.UpdateLock u) {
            a = new Action.UpdateLock(prefixed(u.onSuccess()), prefixed(u.onFailure()));
        }
        return Decision.of(a, d.status().startsWith(HaMessages.PAUSE_PREFIX) ? d.status()
                : HaMessages.PAUSE_PREFIX + d.status());
    }
}
