package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.LocalState;
import java.util.Map;
import java.util.Optional;

/**
 * {@code postgresql.parameters} changed in the DCS (or in the file, on reload): give them to the running PostgreSQL,
 * which reloads; those that need a restart show as {@code pending_restart}. A stopped PostgreSQL gets them when it
 * starts.
 */
public final class ParameterRules {
    private ParameterRules() {
    }

    public static Optional<Action> decide(ClusterView view, LocalState local) {
        Map<String, String> wanted = view.settings().parameters();
        if (!view.reachable() || !local.isRunning() || wanted.equals(local.appliedParameters())) {
            return Optional.empty();
        }
        return Optional.of(new Action.ApplyParameters(wanted));
    }
}
