package io.jpatroni.daemon.decision.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** When a scheduled action (switchover, restart) is too late to run: Patroni's {@code should_run_scheduled_action}. */
final class ScheduledTime {
    private ScheduledTime() {
    }

    /**
     * An action due more than {@code int(1.5 × loop_wait)} seconds ago is stale: it is dropped, not run (if the loop
     * was delayed that long, things are too bad to restart or fail over).
     */
    static boolean isStale(Instant at, Instant now, Duration loopWait) {
        Duration grace = loopWait.multipliedBy(3).dividedBy(2).truncatedTo(ChronoUnit.SECONDS);
        return Duration.between(now, at).compareTo(grace.negated()) < 0;
    }
}
