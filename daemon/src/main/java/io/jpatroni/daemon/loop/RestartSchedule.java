package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.ScheduledRestart;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The restart {@code POST /restart} scheduled, waiting for its time: at most one. The REST threads put and cancel
 * it; the loop reads it each cycle, and the decision says when it runs or is dropped.
 */
public final class RestartSchedule {
    private final AtomicReference<ScheduledRestart> scheduled = new AtomicReference<>();

    /** @return false when another restart is already scheduled */
    public boolean schedule(ScheduledRestart restart) {
        return scheduled.compareAndSet(null, restart);
    }

    /** @return whether one was scheduled */
    public boolean cancel() {
        return scheduled.getAndSet(null) != null;
    }

    public Optional<ScheduledRestart> pending() {
        return Optional.ofNullable(scheduled.get());
    }

    /** Forgets {@code restart} if it is still the one scheduled (a newer request stays). */
    void done(ScheduledRestart restart) {
        scheduled.compareAndSet(restart, null);
    }
}
