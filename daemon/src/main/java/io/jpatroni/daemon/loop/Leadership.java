package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.BootInstant;
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
    private volatile BootInstant renewedAtBoot;

    public Leadership(Clock clock) {
        this.clock = clock;
    }

    /** @param sentAt when the successful request left this node (conservative start of the lease) */
    public void renewed(Instant sentAt, Duration ttl) {
        validUntil = sentAt.plus(ttl);
    }

    /** @param sentAtBoot the boot clock just before the request left: the fence's deadlines count from it */
    public void renewed(Instant sentAt, BootInstant sentAtBoot, Duration ttl) {
        renewedAtBoot = sentAtBoot;
        renewed(sentAt, ttl);
    }

    /** The boot clock just before the last successful lock write, while the lock is held. */
    public Optional<BootInstant> renewedAtBoot() {
        return validUntil == null ? Optional.empty() : Optional.ofNullable(renewedAtBoot);
    }

    /** The lock is gone or may be: stop answering as primary at once. */
    public void lost() {
        boolean had = validUntil != null;
        validUntil = null;
        renewedAtBoot = null;
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
