package io.jpatroni.restclient;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A member's answer to a call between members ({@code POST /failsafe}): status, body and the headers, which carry
 * facts of their own (a replica's {@code lsn}).
 *
 * @param headers header name (lower case) to its values
 */
public record PeerAnswer(int status, String body, Map<String, List<String>> headers) {
    public PeerAnswer {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, looked up without regard to case. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
