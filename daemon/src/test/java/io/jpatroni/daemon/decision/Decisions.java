package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.model.DemoteMode;
import java.util.Optional;

/** Expected decisions for the decision tables, written as whole records: {@code renew(leading("node2"))}. */
final class Decisions {
    /** A lock holder whose renewal fails steps down at once (Patroni's "demoted self because failed to update"). */
    static final Decision LOCK_LOST = decision(demote(DemoteMode.IMMEDIATE_NOLOCK),
            HaMessages.DEMOTED_FAILED_UPDATE_LOCK);

    private Decisions() {
    }

    static Decision decision(Action action, String status) {
        return Decision.of(action, status);
    }

    static Decision noAction(String status) {
        return Decision.noAction(status);
    }

    /** Renew the lock; on success {@code onSuccess} (whose status is the cycle's), otherwise {@link #LOCK_LOST}. */
    static Decision renew(Decision onSuccess) {
        return renew(onSuccess, LOCK_LOST);
    }

    static Decision renew(Decision onSuccess, Decision onFailure) {
        return Decision.of(new Action.UpdateLock(onSuccess, onFailure), onSuccess.status());
    }

    /** Race for the lock; the status is the winner's. */
    static Decision race(Decision onWin, Decision onLose) {
        return Decision.of(new Action.AcquireLock(onWin, onLose), onWin.status());
    }

    static Action demote(DemoteMode mode) {
        return new Action.Demote(mode);
    }

    static Action follow(String leader) {
        return new Action.Follow(Optional.of(leader));
    }

    static Action followNobody() {
        return new Action.Follow(Optional.empty());
    }

    static String paused(String status) {
        return HaMessages.PAUSE_PREFIX + status;
    }
}
