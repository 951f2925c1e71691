package io.jpatroni.daemon.mgmt;

import io.jpatroni.daemon.loop.AsyncTaskRunner;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.dcs.kv.ClusterCodec;
import io.jpatroni.restapi.mgmt.ManagementApi.Reply;
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
import java.util.concurrent.atomic.AtomicReference;
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
    private final Clock clock;
    private final Duration defaultTimeout;
    private final AtomicReference<Scheduled> scheduled = new AtomicReference<>();

    /** A restart waiting for its time, with the filters it was asked with. */
    record Scheduled(OffsetDateTime at, Map<String, Object> filters, Optional<OffsetDateTime> postmasterStart) {
    }

    public Restarts(ManagedPostgres postgres, AsyncTaskRunner tasks, Clock clock, Duration defaultTimeout) {
        this.postgres = postgres;
        this.tasks = tasks;
        this.clock = clock;
        this.defaultTimeout = defaultTimeout;
    }

    /** {@code POST /restart}: validate as Patroni, then restart now (and wait) or schedule. */
    Reply request(Map<String, Object> request, boolean paused) {
        Map<String, Object> filters = new LinkedHashMap<>(request);
        if (paused && filters.containsKey("schedule")) {
            return Reply.text(500, "Can't schedule restart in the paused state");
        }
        OffsetDateTime at = null;
        for (Map.Entry<String, Object> e : filters.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "schedule" -> {
                    Schedules.Parsed p = Schedules.parse(String.valueOf(v), "restart", clock.instant());
                    if (!p.ok()) {
                        return Reply.text(p.errorStatus(), p.error());
                    }
                    at = p.at();
                }
                case "role" -> {
                    if (!"master".equals(v) && !"primary".equals(v) && !"replica".equals(v)) {
                        return Reply.text(400, "PostgreSQL role should be either primary or replica");
                    }
                }
                case "postgres_version" -> {
                    if (versionNum(String.valueOf(v)).isEmpty()) {
                        return Reply.text(400, "Invalid PostgreSQL version format: X.Y or X.Y.Z is accepted: " + v);
                    }
                }
                case "timeout" -> {
                    if (seconds(v).filter(s -> s > 0).isEmpty()) {
                        return Reply.text(400, "Timeout should be a positive number of seconds");
                    }
                }
                case "restart_pending" -> { }
                default -> {
                    return Reply.text(400, "Unknown filter for the scheduled restart: " + e.getKey());
                }
            }
        }
        if (at == null) {
            return now(filters);
        }
        Scheduled s = new Scheduled(at, filters, postgres.observe().postmasterStartTime());
        return scheduled.compareAndSet(null, s) ? Reply.text(202, "Restart scheduled")
                : Reply.text(409, "Another restart is already scheduled");
    }

    private Reply now(Map<String, Object> filters) {
        Optional<String> mismatch = mismatch(filters, postgres.observe());
        if (mismatch.isPresent()) {
            log.info("not proceeding with the restart: {}", mismatch.get());
            return Reply.text(503, "restart conditions are not satisfied");
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        if (!start(done)) {
            return Reply.text(503, tasks.running().map(t -> t.words()).orElse("restart") + " already in progress");
        }
        Duration timeout = seconds(filters.get("timeout")).map(Duration::ofSeconds).orElse(defaultTimeout);
        try {
            return done.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)
                    ? Reply.text(200, "restarted successfully") : Reply.text(503, "restart failed");
        } catch (TimeoutException e) {
            return Reply.text(503, "postgres is still starting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.text(503, "restart failed");
        } catch (ExecutionException e) {
            return Reply.text(503, "restart failed");
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

    /** Patroni's {@code restart_matches}. */
    static Optional<String> mismatch(Map<String, Object> filters, Observation obs) {
        Object role = filters.get("role");
        if (role != null) {
            boolean primary = obs.isRunning() && !obs.inRecovery();
            boolean wantPrimary = !"replica".equals(role);
            if (primary != wantPrimary) {
                return Optional.of("host role mismatch");
            }
        }
        Object version = filters.get("postgres_version");
        if (version != null && versionNum(String.valueOf(version)).orElse(0) <= obs.serverVersion()) {
            return Optional.of("postgres version mismatch");
        }
        if (filters.containsKey("restart_pending") && !obs.pendingRestart()) {
            return Optional.of("pending restart flag is not set");
        }
        return Optional.empty();
    }

    /** {@code 15.4} → 150004, {@code 9.6.2} → 90602 (Patroni's postgres_version_to_int). */
    static Optional<Integer> versionNum(String v) {
        String[] parts = v.trim().split("\\.");
        try {
            if (parts.length == 2) {
                int major = Integer.parseInt(parts[0]);
                int minor = Integer.parseInt(parts[1]);
                return Optional.of(major >= 10 ? major * 10000 + minor : major * 10000 + minor * 100);
            }
            if (parts.length == 3) {
                return Optional.of(Integer.parseInt(parts[0]) * 10000 + Integer.parseInt(parts[1]) * 100
                        + Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
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
        return scheduled.getAndSet(null) != null;
    }

    /** The member key's {@code scheduled_restart} while one waits. */
    public Optional<Map<String, Object>> memberValue() {
        Scheduled s = scheduled.get();
        if (s == null) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>(s.filters());
        m.put("schedule", ClusterCodec.pythonIsoFormat(s.at()));
        s.postmasterStart().ifPresent(t -> m.put("postmaster_start_time", ClusterCodec.pythonIsoFormat(t)));
        return Optional.of(m);
    }

    /**
     * Called once per HA cycle: Patroni's {@code evaluate_scheduled_restart}. Runs a due restart in the
     * background; drops it when PostgreSQL was restarted meanwhile or the time is long past.
     */
    public void tick(Duration loopWait) {
        Scheduled s = scheduled.get();
        if (s == null || tasks.running().isPresent()) {
            return;
        }
        Observation obs = postgres.observe();
        if (s.postmasterStart().isPresent() && obs.postmasterStartTime().isPresent()
                && !s.postmasterStart().equals(obs.postmasterStartTime())) {
            log.info("Cancelling scheduled restart: postgres restart has already happened at {}",
                    obs.postmasterStartTime().get());
            scheduled.set(null);
            return;
        }
        long delta = Duration.between(clock.instant(), s.at().toInstant()).toSeconds();
        if (delta > 0) {
            return;
        }
        scheduled.set(null);
        if (delta < -(loopWait.toSeconds() * 3 / 2)) {
            log.warn("Found a stale restart value, cleaning up: {}", s.at());
            return;
        }
        log.info("Manual scheduled restart at {}", s.at());
        Optional<String> mismatch = mismatch(s.filters(), obs);
        if (mismatch.isPresent()) {
            log.warn("Scheduled restart: restart conditions are not satisfied ({})", mismatch.get());
            return;
        }
        start(new CompletableFuture<>());
    }
}
