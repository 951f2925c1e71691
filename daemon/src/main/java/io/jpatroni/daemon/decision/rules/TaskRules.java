package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.RunningTask;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.daemon.model.TaskOutcome;
import java.time.Duration;
import java.util.Optional;

/** Long actions (bootstrap, clone, rewind, restart…) run in the background; the loop keeps the lock meanwhile. */
public final class TaskRules {
    private TaskRules() {
    }

    /** A background task is still running: keep our lock if we hold it, otherwise just report. */
    public static Optional<Decision> whileRunning(ClusterView view, LocalState local) {
        return local.task().map(task -> {
            String words = task.words();
            if (view.holdsLock() && task.kind() == TaskKind.START) {
                return startingLeader(view, local, task);
            }
            if (view.holdsLock()) {
                return Decision.of(new Action.UpdateLock(
                                Decision.noAction(HaMessages.updatedLockDuring(words)),
                                Decision.noAction(HaMessages.lostLockDuring(words))),
                        HaMessages.updatedLockDuring(words));
            }
            return Decision.noAction(HaMessages.inProgress(words));
        });
    }

    /** Patroni's primary_start_timeout: a primary that does not come back in time hands over, if anyone can take it. */
    private static Decision startingLeader(ClusterView view, LocalState local, RunningTask task) {
        Duration left = view.settings().primaryStartTimeout().minus(Duration.between(task.startedAt(), local.now()));
        if (!left.isNegative() && !left.isZero()) {
            String status = HaMessages.stillStartingUp((left.toMillis() + 999) / 1000);
            return Decision.of(new Action.UpdateLock(Decision.noAction(status),
                    Decision.noAction(HaMessages.lostLockDuring(task.words()))), status);
        }
        if (view.isFailoverPossible()) {
            return Decision.of(new Action.Demote(DemoteMode.IMMEDIATE), HaMessages.STOPPED_BECAUSE_OF_STARTUP_TIMEOUT);
        }
        return Decision.of(new Action.UpdateLock(Decision.noAction(HaMessages.START_TIMED_OUT_NO_FAILOVER),
                Decision.noAction(HaMessages.lostLockDuring(task.words()))), HaMessages.START_TIMED_OUT_NO_FAILOVER);
    }

    /**
     * A bootstrap just ended: finish it (take the lock, publish initialize/config) or undo the initialize key. A
     * custom method's bootstrap ends twice: the method (PostgreSQL started; the next row waits for the end of its
     * recovery) and post_bootstrap.
     */
    public static Optional<Decision> afterFinished(ClusterView view, LocalState local) {
        Optional<TaskOutcome> outcome = bootstrapOutcome(local);
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        if (outcome.get().success() && local.awaitingPostBootstrap()) {
            return Optional.empty();
        }
        if (outcome.get().success()) {
            return Optional.of(Decision.of(new Action.CompleteBootstrap(), HaMessages.INITIALIZED_NEW_CLUSTER));
        }
        return Optional.of(Decision.of(new Action.CancelBootstrap(), HaMessages.CANCELLING_FAILED_BOOTSTRAP));
    }

    /** The outcome of a bootstrap that ended since the last cycle, if one did. */
    static Optional<TaskOutcome> bootstrapOutcome(LocalState local) {
        return local.finishedTask().filter(o -> o.kind() == TaskKind.BOOTSTRAP || o.kind() == TaskKind.POST_BOOTSTRAP);
    }
}
