package io.jpatroni.daemon.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this node knows of failsafe mode at one moment of a cycle.
 *
 * @param topology the {@code failsafe} key ({@code {member: api_url}}) as this node last read or wrote it, kept
 *                 while the DCS is unreachable (Patroni's {@code dcs.failsafe})
 * @param round    this cycle's {@code POST /failsafe} round: gathered only when the DCS did not answer, this node
 *                 runs as the primary, failsafe mode is on and the key lists it
 * @param apiUrl   this node's own {@code api_url}, for the key when its member key is missing
 */
public record FailsafeFacts(Optional<Map<String, String>> topology, Optional<FailsafeRound> round, String apiUrl) {

    public FailsafeFacts {
        topology = topology.map(t -> Collections.unmodifiableMap(new LinkedHashMap<>(t)));
    }

    /** Nothing known: no key seen, no round. */
    public static FailsafeFacts none() {
        return new FailsafeFacts(Optional.empty(), Optional.empty(), "");
    }
}
