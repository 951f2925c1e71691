package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.Action;
import java.time.Duration;

/**
 * What the loop tells the daemon's metrics once per cycle (implemented by {@code daemon.metrics.DaemonMetrics}, served
 * on {@code GET /metrics}). Must be cheap: it is called on the loop's thread.
 */
public interface LoopMetrics {

    /**
     * One cycle ended.
     *
     * @param rule   the {@code DecisionTable} row that decided (the last one, when the DCS failed mid-cycle)
     * @param action the action it decided
     * @param took   from loading the cluster to publishing, the wait excluded
     */
    void cycle(String rule, Action action, Duration took);

    /** Counts nothing (tests). */
    LoopMetrics NONE = (rule, action, took) -> { };
}
