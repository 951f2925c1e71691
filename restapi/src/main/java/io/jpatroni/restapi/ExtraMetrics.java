package io.jpatroni.restapi;

/**
 * Metrics of the daemon's own served after Patroni's on {@code GET /metrics} (jpatroni's {@code jpatroni_*}). Rendered
 * on every request from what the daemon last recorded: it must be cheap and never wait for the HA loop.
 */
@FunctionalInterface
public interface ExtraMetrics {
    /** No metrics of its own. */
    ExtraMetrics NONE = (out, labels) -> { };

    /**
     * Appends complete metric families in the Prometheus text format.
     *
     * @param labels the node's labels without braces ({@link MetricsText#labels}), for every sample
     */
    void appendTo(StringBuilder out, String labels);
}
