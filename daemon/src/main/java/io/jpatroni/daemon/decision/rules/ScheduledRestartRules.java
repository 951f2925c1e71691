package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.ScheduledRestart;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restart scheduled with {@code POST /restart}: Patroni's {@code evaluate_scheduled_restart}. Nothing while a
 * background task runs or before it is due; then it runs, unless PostgreSQL restarted meanwhile, it is stale, or
 * its conditions ({@code role}, {@code postgres_version}, {@code restart_pending}) do not hold: then it is dropped.
 */
public final class ScheduledRestartRules {
    private static final Logger log = LoggerFactory.getLogger(ScheduledRestartRules.class);

    private ScheduledRestartRules() {
    }

    public static Optional<Action> decide(ClusterView view, LocalState local) {
        if (local.scheduledRestart().isEmpty() || local.task().isPresent()) {
            return Optional.empty();
        }
        ScheduledRestart s = local.scheduledRestart().get();
        Observation obs = local.observation();
        if (s.postmasterStart().isPresent() && obs.postmasterStartTime().isPresent()
                && !s.postmasterStart().equals(obs.postmasterStartTime())) {
            log.info("Cancelling scheduled restart: postgres restart has already happened at {}",
                    obs.postmasterStartTime().get());
            return Optional.of(new Action.DropScheduledRestart(s));
        }
        if (Duration.between(local.now(), s.at().toInstant()).toSeconds() > 0) {
            return Optional.empty();
        }
        if (ScheduledTime.isStale(s.at().toInstant(), local.now(), view.settings().loopWait())) {
            log.warn("Found a stale restart value, cleaning up: {}", s.at());
            return Optional.of(new Action.DropScheduledRestart(s));
        }
        log.info("Manual scheduled restart at {}", s.at());
        Optional<String> mismatch = s.mismatch(obs);
        if (mismatch.isPresent()) {
            log.warn("Scheduled restart: restart conditions are not satisfied ({})", mismatch.get());
            return Optional.of(new Action.DropScheduledRestart(s));
        }
        return Optional.of(new Action.RestartOnSchedule(s));
    }
}
