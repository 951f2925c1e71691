package io.jpatroni.daemon.model;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * A restart asked for with {@code POST /restart} and a {@code schedule}, waiting for its time.
 *
 * @param at              when it is due
 * @param filters         the request as asked ({@code role}, {@code postgres_version}, {@code restart_pending},
 *                        {@code timeout}, {@code schedule}), published in the member key
 * @param postmasterStart the postmaster's start time when it was asked: a restart that happened meanwhile cancels it
 */
public record ScheduledRestart(OffsetDateTime at, Map<String, Object> filters,
                               Optional<OffsetDateTime> postmasterStart) {

    public ScheduledRestart {
        filters = RestartConditions.copy(filters);
    }

    /** Why the restart may not run on {@code obs} now (Patroni's {@code restart_matches}); empty when it may. */
    public Optional<String> mismatch(Observation obs) {
        return RestartConditions.mismatch(filters, obs);
    }
}
