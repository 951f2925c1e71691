package io.jpatroni.daemon.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This node's own view of its lock: valid until (moment the last successful acquire/renew was
 * <em>sent</em>) + ttl, by its own clock. The REST API answers 200 on /primary only inside that window.
 */
public final class Leadership {
    private final Clock clock;
    private volatile Instant validUntil;
    private volatile boolean promoted;
    private volatile Runnable onLost = () -> { };

    public Leadership(Clock clock) {
        this.clock = clock;
    }

    /** @param sentAt when the successful request left this node (conservative start of the lease) */
    public void renewed(Instant sentAt, Duration ttl) {
        validUntil = sentAt.plus(ttl);
    }

    /** The lock is gone or may be: stop answering as primary at once. */
    public void lost() {
        boolean had = validUntil != null;
        validUntil = null;
        promoted = false;
        if (had) {
            onLost.run();
        }
    }

    /** Called when a held lock is given up or lost (the REST API republishes at once). */
    public void onLost(Runnable listener) {
        this.onLost = listener;
    }

    /** PostgreSQL finished promotion (or was already primary when we took the lock). */
    public void promotionFinished() {
        promoted = true;
    }

    public boolean isPromoted() {
        return promoted;
    }

    public Optional<Instant> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    public boolean holdsValidLock() {
        Instant until = validUntil;
        return until != null && clock.instant().isBefore(until);
    }
}
