package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.model.BootInstant;
import io.jpatroni.daemon.model.GuardStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * What stops this node's PostgreSQL when the daemon cannot: the watchdog device and jpatroni's fence, as the decision
 * drives them ({@code ActivateGuards}, {@code KeepaliveGuards}, {@code DisableGuards}). Implemented over the watchdog
 * module by {@code daemon.watchdog.WatchdogGuards}.
 */
public interface Guards {

    /** The boot clock the fence counts on, read just before a lock write. */
    BootInstant bootNow();

    /**
     * Opens the device and, when {@code armFence}, arms the fence with {@code renewedAt} plus its timeout.
     *
     * @return {@code false} when {@code mode: required} cannot be met: this node must not lead
     */
    boolean activate(boolean armFence, BootInstant renewedAt);

    /** After a successful lock write: the device's keepalive; the fence re-armed from {@code renewedAt}, or disarmed. */
    void keepalive(boolean armFence, BootInstant renewedAt);

    /** How long until the fence stops PostgreSQL unless renewed; empty when it holds no deadline. */
    default Optional<Duration> timeLeft() {
        return Optional.empty();
    }

    /** Both countdowns stopped. */
    void disable();

    /** Running and healthy, for the decision and the REST API. */
    GuardStatus status();

    /** The settings in force this cycle ({@code ttl}, {@code loop_wait} and the watchdog section): re-arms on change. */
    void reload(HaSettings settings);

    /** No device and no fence (tests, and nodes with {@code watchdog.mode: off} wired without the module). */
    static Guards none() {
        return new Guards() {
            @Override
            public BootInstant bootNow() {
                return new BootInstant(0);
            }

            @Override
            public boolean activate(boolean armFence, BootInstant renewedAt) {
                return true;
            }

            @Override
            public void keepalive(boolean armFence, BootInstant renewedAt) {
            }

            @Override
            public void disable() {
            }

            @Override
            public GuardStatus status() {
                return GuardStatus.idle();
            }

            @Override
            public void reload(HaSettings settings) {
            }
        };
    }
}
