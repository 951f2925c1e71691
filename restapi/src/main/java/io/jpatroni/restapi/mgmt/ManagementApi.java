package io.jpatroni.restapi.mgmt;

import java.util.Map;
import java.util.Optional;

/**
 * The node's management operations behind {@code POST /switchover}, {@code /failover}, {@code /restart},
 * {@code /reload}, {@code /reinitialize}, {@code PATCH|PUT /config} and their {@code DELETE}s. Implemented by the
 * daemon; the REST layer only parses the JSON body and writes the {@link Reply}. Every method may block (a
 * switchover waits for its outcome, a restart for PostgreSQL), never longer than Patroni would.
 */
public interface ManagementApi {

    /** The HTTP answer: status, body, and whether the body is JSON (else Patroni's {@code text/html}). */
    record Reply(int status, String body, boolean json) {
        public static Reply text(int status, String body) {
            return new Reply(status, body, false);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, body, true);
        }

        /** Patroni's {@code send_error(code)}: the standard HTML error page, empty {@code body} here. */
        public static Reply error(int status) {
            return new Reply(status, "", false);
        }

        public boolean isError() {
            return body.isEmpty() && !json && status >= 400;
        }
    }

    /** Which verb: they differ in the mandatory field and the words of the answers. */
    enum Kind {
        SWITCHOVER, FAILOVER;

        public String word() {
            return this == SWITCHOVER ? "switchover" : "failover";
        }

        public String title() {
            return this == SWITCHOVER ? "Switchover" : "Failover";
        }
    }

    /**
     * @param candidate   {@code candidate}, or Patroni's older {@code member}
     * @param scheduledAt the raw {@code scheduled_at} text
     */
    record FailoverRequest(Kind kind, Optional<String> leader, Optional<String> candidate,
                           Optional<String> scheduledAt) {
    }

    Reply failover(FailoverRequest request);

    Reply cancelScheduledSwitchover();

    /** @param request the JSON body as sent ({@code restart_pending}, {@code role}, {@code postgres_version}, {@code timeout}, {@code schedule}) */
    Reply restart(Map<String, Object> request);

    Reply cancelScheduledRestart();

    Reply reload();

    Reply reinitialize(boolean force);

    /** JSON merge patch of the DCS {@code config} key ({@code null} deletes a key). */
    Reply patchConfig(Map<String, Object> patch);

    /** Replace the DCS {@code config} key. */
    Reply putConfig(Map<String, Object> config);
}
