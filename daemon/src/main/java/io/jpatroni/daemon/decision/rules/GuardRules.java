package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.daemon.model.TaskOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the watchdog device and jpatroni's fence count down, as Patroni's {@code ha.py} drives its watchdog, and the
 * {@code pre_promote} fencing hook's consequences. Applied as a step to the decision a rule took:
 * <ul>
 *   <li>every successful lock update keeps both alive ({@code update_lock}), and so does a leadership extended by
 *       failsafe mode ({@code _handle_dcs_error}); the fence is armed only while
 *       {@link io.jpatroni.daemon.model.FencePolicy#armed} says so, disarmed otherwise;</li>
 *   <li>before this node acts as the primary under the lock, unpaused, with nothing counting yet: activate
 *       ({@code enforce_primary_role}); refused ({@code mode: required} unmet): demote an already running primary
 *       at once, or release the lock instead of promoting;</li>
 *   <li>after a bootstrap: activate before taking the lock ({@code post_bootstrap}); refused: cancel the
 *       bootstrap;</li>
 *   <li>disable after every demotion ({@code demote}), in every paused cycle, and while PostgreSQL is not running
 *       ({@code recover}, {@code post_recover}, a data directory gone);</li>
 *   <li>a replica whose guards are unusable stays out of the leader race ({@code is_healthiest_node}), as does a
 *       node whose {@code pre_promote} script vetoed its promotion less than a ttl ago; a lock holder whose
 *       promotion was vetoed releases the lock ({@code enforce_primary_role}).</li>
 * </ul>
 */
public final class GuardRules {
    private static final Logger log = LoggerFactory.getLogger(GuardRules.class);

    private GuardRules() {
    }

    /** The {@code guards} step. */
    public static Decision apply(ClusterView view, LocalState local, Decision decision) {
        if (!view.settings().guards().any() && !local.guards().running()) {
            return vetoedPromotion(view, local).or(() -> raceVeto(view, local, decision)).orElse(decision);
        }
        if (view.cluster().isPaused() && view.reachable()) {
            // Patroni disables its watchdog in every paused cycle; the first cycle also retires an earlier life's fence
            return needsDisable(local) || local.firstCycle() ? prepend(new Action.DisableGuards(), decision) : decision;
        }
        Decision d = vetoedPromotion(view, local).or(() -> raceVeto(view, local, decision)).orElse(decision);
        d = new Walk(view, local).decision(d);
        if (needsDisable(local) && (!local.isRunning() || withoutLock(view, d))) {
            d = prepend(new Action.DisableGuards(), d);   // not needed until we promote again
        }
        return d;
    }

    /** Whether the fence should hold a deadline after this cycle's lock write. */
    static boolean armFence(ClusterView view, boolean primaryWithLock) {
        return view.settings().guards().fence().armed(primaryWithLock, view.cluster().isPaused(), view.isFailoverPossible());
    }

    /**
     * Counting while another member holds the lock, or nobody does and we are not racing: left over from a refused
     * activation or a lost race; a demotion disables after its own stop.
     */
    private static boolean withoutLock(ClusterView view, Decision d) {
        return view.reachable() && !view.holdsLock() && !(d.action() instanceof Action.AcquireLock)
                && !contains(d.action(), Action.Demote.class);
    }

    private static boolean needsDisable(LocalState local) {
        return local.guards().running();
    }

    /** The lock holder's promotion was vetoed by pre_promote: give the lock up (Patroni's enforce_primary_role). */
    private static Optional<Decision> vetoedPromotion(ClusterView view, LocalState local) {
        if (!view.holdsLock() || local.finishedTask().filter(TaskOutcome::vetoedPromotion).isEmpty()) {
            return Optional.empty();
        }
        log.warn("{}", HaMessages.RELEASING_PRE_PROMOTE_FAILED);
        return Optional.of(Decision.of(Action.sequence(new Action.ReleaseLock(), new Action.DisableGuards()),
                HaMessages.PROMOTION_CANCELLED_PRE_PROMOTE));
    }

    /**
     * A replica about to race for the lock does not when its guards are unusable, or when pre_promote vetoed its
     * promotion less than a ttl ago (Patroni's is_healthiest_node).
     */
    private static Optional<Decision> raceVeto(ClusterView view, LocalState local, Decision decision) {
        if (!(decision.action() instanceof Action.AcquireLock) || !view.isUnlocked() || local.isRunningPrimary()) {
            return Optional.empty();
        }
        Optional<Instant> vetoed = local.prePromoteFailedAt();
        if (vetoed.isPresent() && vetoed.get().plus(view.settings().ttl()).isAfter(local.now())) {
            log.info("{}", HaMessages.PRE_PROMOTE_BACKOFF);
        } else if (!local.guards().healthy() && ManualFailoverRules.active(view).isEmpty()) {
            log.warn("{}", HaMessages.WATCHDOG_NOT_USABLE);
        } else {
            return Optional.empty();
        }
        return Optional.of(Decision.of(new Action.Follow(Optional.empty()), HaMessages.FOLLOWING_NOT_HEALTHIEST));
    }

    private static Decision prepend(Action first, Decision d) {
        return Decision.of(Action.sequence(first, d.action()), d.status());
    }

    private static boolean contains(Action a, Class<? extends Action> kind) {
        if (kind.isInstance(a)) {
            return true;
        }
        return a instanceof Action.Sequence s && s.steps().stream().anyMatch(step -> contains(step, kind));
    }

    /** Walks a decision and its continuations, adding what the guards need around the lock writes. */
    private static final class Walk {
        private final ClusterView view;
        private final LocalState local;

        Walk(ClusterView view, LocalState local) {
            this.view = view;
            this.local = local;
        }

        Decision decision(Decision d) {
            if (d.action() instanceof Action.CompleteBootstrap) {
                return afterBootstrap(d);
            }
            return Decision.of(action(d.action()), d.status());
        }

        private Action action(Action a) {
            if (a instanceof Action.AcquireLock l) {
                return new Action.AcquireLock(enforcePrimaryRole(decision(l.onWin())), decision(l.onLose()));
            }
            if (a instanceof Action.UpdateLock u) {
                Decision success = enforcePrimaryRole(decision(u.onSuccess()));
                boolean primary = local.isRunningPrimary() || promoting() || contains(u.onSuccess().action(),
                        Action.Promote.class);
                success = prepend(Action.KeepaliveGuards.afterLockWrite(armFence(view, primary)), success);
                Decision failure = promoting()
                        ? Decision.of(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK),
                                HaMessages.lostLockDuring(TaskKind.PROMOTE.words()))   // cancels pre_promote
                        : u.onFailure();
                return new Action.UpdateLock(success, decision(failure));
            }
            if (a instanceof Action.Sequence s) {
                List<Action> steps = new ArrayList<>();
                s.steps().forEach(step -> steps.add(action(step)));
                return new Action.Sequence(steps);
            }
            if (a instanceof Action.Demote) {
                return Action.sequence(a, new Action.DisableGuards());   // after the stop, as Patroni's safepoint
            }
            if (a instanceof Action.ExtendLeadershipByFailsafe) {
                // Patroni's _handle_dcs_error: a primary kept by failsafe keeps its watchdog alive; the fence's
                // deadline counts from the confirmation round's start, as from a lock write
                return Action.sequence(a, Action.KeepaliveGuards.afterLockWrite(armFence(view,
                        local.isRunningPrimary())));
            }
            return a;
        }

        /** A promotion by the background task (pre_promote, then pg_ctl promote) is under way. */
        private boolean promoting() {
            return local.task().filter(t -> t.kind() == TaskKind.PROMOTE).isPresent();
        }

        /**
         * Patroni's enforce_primary_role: a node that is (or is about to become) the primary under the lock activates
         * its guards first, unless they already count; refused, it must not lead.
         */
        private Decision enforcePrimaryRole(Decision d) {
            boolean promote = contains(d.action(), Action.Promote.class);
            boolean primary = local.isRunningPrimary() && !contains(d.action(), Action.Demote.class);
            if (!(promote || primary) || local.guards().running()) {
                return d;
            }
            Decision refused = local.isRunningPrimary()
                    ? Decision.of(Action.sequence(new Action.Demote(DemoteMode.IMMEDIATE), new Action.DisableGuards()),
                            HaMessages.DEMOTING_WATCHDOG_NOT_ACTIVATED)
                    : Decision.of(new Action.ReleaseLock(), HaMessages.NOT_PROMOTING_WATCHDOG_NOT_ACTIVATED);
            // the new lock holder empties the failover key first, as Patroni does right after acquiring the lock
            List<Action> first = new ArrayList<>();
            Action rest = d.action();
            if (rest instanceof Action.Sequence s && !s.steps().isEmpty()
                    && s.steps().get(0) instanceof Action.ClearFailover) {
                first.add(s.steps().get(0));
                rest = s.steps().size() == 2 ? s.steps().get(1) : new Action.Sequence(s.steps().subList(1,
                        s.steps().size()));
            }
            Action activate = new Action.ActivateGuards(armFence(view, true), Decision.of(rest, d.status()), refused);
            if (first.isEmpty()) {
                return Decision.of(activate, d.status());
            }
            first.add(activate);
            return Decision.of(new Action.Sequence(first), d.status());
        }

        /** Patroni's post_bootstrap: activate before taking the lock; refused, cancel the bootstrap. */
        private Decision afterBootstrap(Decision d) {
            Decision cancel = Decision.of(Action.sequence(
                            new Action.ReportError(HaMessages.CANCELLING_BOOTSTRAP_WATCHDOG), new Action.CancelBootstrap()),
                    HaMessages.CANCELLING_FAILED_BOOTSTRAP);
            return Decision.of(new Action.ActivateGuards(armFence(view, true), d, cancel), d.status());
        }
    }
}
