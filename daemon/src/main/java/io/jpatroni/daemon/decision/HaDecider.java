package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.decision.DecisionTable.Rule;
import io.jpatroni.daemon.decision.DecisionTable.Step;
import io.jpatroni.daemon.decision.DecisionTable.Upkeep;
import io.jpatroni.daemon.decision.rules.FailsafeRules;
import io.jpatroni.daemon.model.FailsafePing;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.dcs.model.Cluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HA decision: a pure function of (cluster view from the DCS, local state, settings) that returns one action
 * and the status line Patroni would log, then the upkeep after that action. The order is {@link DecisionTable}'s.
 */
public final class HaDecider {

    /** Which row decided, which steps changed the decision, and the decision. */
    public record Explanation(Rule rule, List<Step> steps, Decision decision) {
        public Explanation {
            steps = List.copyOf(steps);
        }
    }

    /**
     * The cluster the rules see: the one loaded, or in failsafe mode the one whose leader is the primary that sent
     * this replica {@code POST /failsafe} within ttl ({@link FailsafeRules#withPingedLeader}).
     */
    public ClusterView view(ClusterView loaded, Optional<FailsafePing> ping, Observation observation, Instant now) {
        return FailsafeRules.withPingedLeader(loaded, ping, observation, now);
    }

    /**
     * @param cluster the cluster as loaded from the DCS this cycle; empty when the DCS could not be reached
     */
    public Decision decide(Optional<Cluster> cluster, LocalState local, HaSettings settings) {
        return explain(ClusterView.of(cluster, settings), local).decision();
    }

    public Decision decide(ClusterView view, LocalState local) {
        return explain(view, local).decision();
    }

    /** The decision with the rows that made it. */
    public Explanation explain(ClusterView view, LocalState local) {
        for (Rule rule : DecisionTable.RULES) {
            Optional<Decision> answer = rule.function().decide(view, local);
            if (answer.isPresent()) {
                Decision decision = answer.get();
                List<Step> applied = new ArrayList<>();
                for (Step step : DecisionTable.STEPS) {
                    Decision next = step.function().apply(view, local, decision);
                    if (!next.equals(decision)) {
                        applied.add(step);
                        decision = next;
                    }
                }
                return new Explanation(rule, applied, decision);
            }
        }
        throw new IllegalStateException("the last rule of the decision table always answers");
    }

    /**
     * What to keep up to date after the cycle's action, decided on what it left ({@code after}: PostgreSQL observed
     * again, the task and the lease as they are now).
     */
    public List<Action> upkeep(ClusterView view, LocalState after) {
        List<Action> actions = new ArrayList<>();
        for (Upkeep row : DecisionTable.UPKEEP) {
            row.function().decide(view, after).ifPresent(actions::add);
        }
        return List.copyOf(actions);
    }
}
