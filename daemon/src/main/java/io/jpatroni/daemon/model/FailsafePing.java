package io.jpatroni.daemon.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A primary's {@code POST /failsafe} as a replica remembers it (Patroni's {@code Failsafe.update}): the primary is
 * alive and leads, as far as this replica knows, for {@code ttl} after {@code receivedAt}.
 *
 * @param name       the primary's member name
 * @param connUrl    its PostgreSQL {@code conn_url}
 * @param apiUrl     its REST {@code api_url}
 * @param receivedAt when this node received it, by its own clock
 */
public record FailsafePing(String name, String connUrl, String apiUrl, Instant receivedAt) {

    /** Still within {@code ttl} of its arrival. */
    public boolean isFresh(Instant now, Duration ttl) {
        return now.isBefore(receivedAt.plus(ttl));
    }
}
