package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code --scheduled} values: {@code now} (or nothing) means immediately; otherwise an ISO 8601 date and time
 * ({@code T} or a space between them), in local time when it carries no offset.
 */
final class Schedule {
    private Schedule() {
    }

    static Optional<OffsetDateTime> parse(String scheduled) {
        if (scheduled == null || scheduled.isEmpty() || scheduled.equals("now")) {
            return Optional.empty();
        }
        String iso = scheduled.strip().replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(iso));
        } catch (DateTimeParseException ignored) {
            // no offset: local time below
        }
        try {
            return Optional.of(LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toOffsetDateTime());
        } catch (DateTimeParseException e) {
            throw new CtlException("Unable to parse scheduled timestamp (" + scheduled
                    + "). It should be in an unambiguous format (e.g. ISO 8601)");
        }
    }
}
