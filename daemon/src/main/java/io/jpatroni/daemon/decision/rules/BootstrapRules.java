package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.PostgresProcess;
import java.util.Optional;

/**
 * A custom bootstrap between its method and the new cluster, as Patroni's {@code post_bootstrap} orders it: the
 * method ran and started PostgreSQL (possibly recovering to a PITR target); wait until it runs as a primary, then run
 * post_bootstrap in the background; only then (the task's outcome) the initialize key, the config key and the lock.
 * A PostgreSQL that died meanwhile fails the bootstrap like a failed initdb.
 */
public final class BootstrapRules {
    private BootstrapRules() {
    }

    public static Optional<Decision> afterMethod(ClusterView view, LocalState local) {
        if (!local.awaitingPostBootstrap()) {
            return Optional.empty();
        }
        if (local.process() == PostgresProcess.STOPPED || local.process() == PostgresProcess.CRASHED) {
            return Optional.of(Decision.of(new Action.CancelBootstrap(), HaMessages.CANCELLING_FAILED_BOOTSTRAP));
        }
        if (!local.isRunningPrimary()) {
            return Optional.of(Decision.noAction(HaMessages.WAITING_FOR_END_OF_RECOVERY));
        }
        return Optional.of(Decision.of(new Action.PostBootstrap(), HaMessages.RUNNING_POST_BOOTSTRAP));
    }
}
