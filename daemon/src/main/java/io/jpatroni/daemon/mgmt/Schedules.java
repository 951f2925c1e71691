package io.jpatroni.daemon.mgmt;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Patroni's {@code parse_schedule}: an ISO 8601 time with a zone, not in the past. */
final class Schedules {
    private Schedules() {
    }

    /** Either a time or Patroni's error (status and text). */
    record Parsed(OffsetDateTime at, int errorStatus, String error) {
        boolean ok() {
            return error == null;
        }
    }

    static Parsed parse(String text, String action, Instant now) {
        String s = text.trim().replace(' ', 'T');
        try {
            OffsetDateTime at = OffsetDateTime.parse(s);
            if (at.toInstant().isBefore(now)) {
                return new Parsed(null, 422, "Cannot schedule " + action + " in the past");
            }
            return new Parsed(at, 0, null);
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(s);
                return new Parsed(null, 400, "Timezone information is mandatory for the scheduled " + action);
            } catch (DateTimeParseException e2) {
                return new Parsed(null, 422,
                        "Unable to parse scheduled timestamp. It should be in an unambiguous format, e.g. ISO 8601");
            }
        }
    }
}
