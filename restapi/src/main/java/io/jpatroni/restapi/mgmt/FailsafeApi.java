package io.jpatroni.restapi.mgmt;

import java.util.Map;

/**
 * The node's side of {@code POST /failsafe}: during a DCS outage the primary tells every member "I am alive" (its
 * {@code name}, {@code conn_url}, {@code api_url}, {@code slots}); a replica remembers it and accepts, a running
 * primary refuses. Implemented by the daemon; {@link FailsafeRoutes} parses the request as Patroni does.
 */
public interface FailsafeApi {

    /**
     * The answer: Patroni's {@code _write_response(code, message)} ({@code text/html}) with extra headers (a
     * replica's {@code lsn}, as Patroni 4 sends it).
     */
    record Answer(int status, String message, Map<String, String> headers) {
        public Answer {
            headers = Map.copyOf(headers);
        }
    }

    /** {@code failsafe_mode} is on (else the request is answered 502 before its body is read). */
    boolean enabled();

    /** @param request the JSON object the primary sent, not empty */
    Answer post(Map<String, Object> request);
}
