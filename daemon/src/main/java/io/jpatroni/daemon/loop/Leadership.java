package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.BootInstant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This node's own view of its lock: valid until (moment the last successful acquire/renew was
 * <em>sent</em>) + ttl, by its own clock. The REST API answers 200 on /primary only inside that window. While the
 * DCS is unreachable, failsafe mode extends it instead: until the start of the last round of {@code POST /failsafe}
 * that every member accepted + ttl, never beyond.
 */
public final class Leadership {
    private final Clock clock;
    private volatile Instant validUntil;
    private volatile Instant failsafeRoundStartedAt;
    private volatile boolean promoted;
    private volatile Runnable onLost = () -> { };
    private volatile BootInstant renewedAtBoot;

    public Leadership(Clock clock) {
        this.clock = clock;
    }

    /** @param sentAt when the successful request left this node (conservative start of the lease) */
    public void renewed(Instant sentAt, Duration ttl) {
        validUntil = sentAt.plus(ttl);
        failsafeRoundStartedAt = null;
    }

    /**
     * Failsafe mode: every member of the failsafe key confirmed this primary in a round that started at
     * {@code roundStartedAt}; the leadership holds until {@code until} ({@code roundStartedAt + ttl}). Counts as a lock
     * renewal (Patroni's {@code set_is_leader(True)} and watchdog keepalive in {@code _handle_dcs_error}).
     */
    public void extendedByFailsafe(Instant roundStartedAt, Instant until) {
        validUntil = until;
        failsafeRoundStartedAt = roundStartedAt;
    }

    /**
     * {@link #extendedByFailsafe(Instant, Instant)}, with the boot clock at the round's start: the fence's deadline
     * counts from it, as from a lock write.
     */
    public void extendedByFailsafe(Instant roundStartedAt, Instant until, BootInstant roundStartedAtBoot) {
        renewedAtBoot = roundStartedAtBoot;
        extendedByFailsafe(roundStartedAt, until);
    }

    /** The leadership holds because of failsafe mode (Patroni's {@code failsafe_is_active} on a primary). */
    public boolean isExtendedByFailsafe() {
        return failsafeRoundStartedAt != null && holdsValidLock();
    }

    /** The start of the confirmation round the leadership rests on, while it rests on one. */
    public Optional<Instant> failsafeRoundStartedAt() {
        return Optional.ofNullable(failsafeRoundStartedAt);
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
        failsafeRoundStartedAt = null;
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
