package io.jpatroni.daemon.mgmt;

import io.jpatroni.daemon.loop.AsyncTaskRunner;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.loop.RestartSchedule;
import io.jpatroni.daemon.mgmt.Restarts.Outcome.Result;
import io.jpatroni.daemon.model.RestartConditions;
import io.jpatroni.daemon.model.ScheduledRestart;
import io.jpatroni.daemon.model.TaskKind;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts of the local PostgreSQL, now or at a scheduled time, with Patroni's conditions ({@code role},
 * {@code postgres_version}, {@code restart_pending}). The restart itself runs as the loop's background task,
 * so a leader keeps renewing its lock meanwhile ("updated leader lock during restart").
 */
public final class Restarts {
    private static final Logger log = LoggerFactory.getLogger(Restarts.class);

    private final ManagedPostgres postgres;
    private final AsyncTaskRunner tasks;
    private final RestartSchedule schedule;
    private final Clock clock;
    private final Supplier<Duration> defaultTimeout;

    /** What came of a restart request, with Patroni's words; {@link ManagementService} answers it over HTTP. */
    record Outcome(Result result, String message) {
        /** Patroni answers them 200, 202, 400, 422, 500, 409 and 503. */
        enum Result { RESTARTED, SCHEDULED, INVALID, UNUSABLE_SCHEDULE, PAUSED, ALREADY_SCHEDULED, NOT_RESTARTED }

        static Outcome of(Result result, String message) {
            return new Outcome(result, message);
        }
    }

    /**
     * @param schedule       where a scheduled restart waits (the HA loop's decision runs it when due)
     * @param defaultTimeout how long a restart asked now may take without a {@code timeout}: pg_ctl_timeout
     */
    public Restarts(ManagedPostgres postgres, AsyncTaskRunner tasks, RestartSchedule schedule, Clock clock,
                    Supplier<Duration> defaultTimeout) {
        this.postgres = postgres;
        this.tasks = tasks;
        this.schedule = schedule;
        this.clock = clock;
        this.defaultTimeout = defaultTimeout;
    }

    /** {@code POST /restart}: validate as Patroni, then restart now (and wait) or schedule. */
    Outcome request(Map<String, Object> request, boolean paused) {
        Map<String, Object> filters = new LinkedHashMap<>(request);
        if (paused && filters.containsKey("schedule")) {
            return Outcome.of(Result.PAUSED, "Can't schedule restart in the paused state");
        }
        OffsetDateTime at = null;
        for (Map.Entry<String, Object> e : filters.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "schedule" -> {
                    Schedules.Parsed p = Schedules.parse(String.valueOf(v), "restart", clock.instant());
                    if (!p.ok()) {
                        return Outcome.of(p.errorStatus() == 422 ? Result.UNUSABLE_SCHEDULE : Result.INVALID,
                                p.error());
                    }
                    at = p.at();
                }
                case "role" -> {
                    if (!"master".equals(v) && !"primary".equals(v) && !"replica".equals(v)) {
                        return Outcome.of(Result.INVALID, "PostgreSQL role should be either primary or replica");
                    }
                }
                case "postgres_version" -> {
                    if (RestartConditions.versionNum(String.valueOf(v)).isEmpty()) {
                        return Outcome.of(Result.INVALID,
                                "Invalid PostgreSQL version format: X.Y or X.Y.Z is accepted: " + v);
                    }
                }
                case "timeout" -> {
                    if (seconds(v).filter(s -> s > 0).isEmpty()) {
                        return Outcome.of(Result.INVALID, "Timeout should be a positive number of seconds");
                    }
                }
                case "restart_pending" -> { }
                default -> {
                    return Outcome.of(Result.INVALID, "Unknown filter for the scheduled restart: " + e.getKey());
                }
            }
        }
        if (at == null) {
            return now(filters);
        }
        ScheduledRestart s = new ScheduledRestart(at, filters, postgres.observe().postmasterStartTime());
        return schedule.schedule(s) ? Outcome.of(Result.SCHEDULED, "Restart scheduled")
                : Outcome.of(Result.ALREADY_SCHEDULED, "Another restart is already scheduled");
    }

    private Outcome now(Map<String, Object> filters) {
        Optional<String> mismatch = RestartConditions.mismatch(filters, postgres.observe());
        if (mismatch.isPresent()) {
            log.info("not proceeding with the restart: {}", mismatch.get());
            return Outcome.of(Result.NOT_RESTARTED, "restart conditions are not satisfied");
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (!start(done)) {
            return Outcome.of(Result.NOT_RESTARTED, tasks.running().map(t -> t.words()).orElse("restart")
                    + " already in progress");
        }
        Duration timeout = seconds(filters.get("timeout")).map(Duration::ofSeconds).orElseGet(defaultTimeout);
        try {
            return done.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)
                    ? Outcome.of(Result.RESTARTED, "restarted successfully")
                    : Outcome.of(Result.NOT_RESTARTED, "restart failed");
        } catch (TimeoutException e) {
            return Outcome.of(Result.NOT_RESTARTED, "postgres is still starting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.of(Result.NOT_RESTARTED, "restart failed");
        } catch (ExecutionException e) {
            return Outcome.of(Result.NOT_RESTARTED, "restart failed");
        }
    }

    private boolean start(CompletableFuture<Boolean> done) {
        return tasks.start(TaskKind.RESTART, () -> {
            try {
                postgres.restart();
                done.complete(true);
            } catch (RuntimeException e) {
                done.complete(false);
                throw e;
            }
        });
    }

    private static Optional<Long> seconds(Object v) {
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(String.valueOf(v).trim().replaceAll("s$", "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean cancelScheduled() {
        return schedule.cancel();
    }
}
