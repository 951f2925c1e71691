package io.jpatroni.watchdog.fence;

import java.util.Optional;

/**
 * The fence's answer to a command: its state afterwards, its deadline, and its own clock when it answered.
 *
 * @param deadline present unless {@link State#DISARMED}
 */
public record FenceAck(State state, Optional<BootTime> deadline, BootTime now) {

    public enum State {
        /** Holding a deadline that has not passed. */
        ARMED,
        /** Holding a deadline that has passed: it fired, or is firing. */
        EXPIRED,
        /** No deadline. */
        DISARMED
    }
}
