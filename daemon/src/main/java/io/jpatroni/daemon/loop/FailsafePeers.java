package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.FailsafeRound;
import java.time.Duration;
import java.util.Map;

/**
 * Asks the other members of the {@code failsafe} key, all at once, with a short timeout, whether this primary may go
 * on ({@code POST /failsafe} with this node's name, {@code conn_url}, {@code api_url} and slots), as Patroni's
 * {@code check_failsafe_topology} does.
 */
public interface FailsafePeers {
    /** How long each member has to answer (Patroni's 2 seconds). */
    Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * @param members name to {@code api_url}, this node excluded
     * @return one answer per member; one that did not answer in time is {@link FailsafeRound.Answer#refused()}
     */
    Map<String, FailsafeRound.Answer> confirm(Map<String, String> members);
}
