package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.loop.ActionExecutor;
import io.jpatroni.daemon.loop.FatalException;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.loop.PostgresOperationException;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.model.Cluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaDecider;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.decision.LocalState;

/**
 * The thin loop: load the cluster, look at PostgreSQL, decide, act, refresh the member key,
 * log one status line, publish what the REST API shows, then wait {@code loop_wait} or until
 * the DCS watch reports a leader change. Only {@link ActionExecutor} and {@link CycleHooks} do I/O.
 */
public final class HaLoop {
    private static final Logger log = LoggerFactory.getLogger(HaLoop.class);

    private final Dcs dcs;
    private final ManagedPostgres postgres;
    private final HaDecider decider;
    private final ActionExecutor executor;
    private final LocalStateAssembler assembler;
    private final CycleHooks hooks;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean wakeupPending;
    private Optional<String> lastLockOwner = Optional.empty();
    private Instant dcsLastSeen;
    private boolean seenRunning;

    public HaLoop(Dcs dcs, ManagedPostgres postgres, HaDecider decider, ActionExecutor executor,
                  LocalStateAssembler assembler, CycleHooks hooks, Clock clock) {
        this.dcs = dcs;
        this.postgres = postgres;
        this.decider = decider;
        this.executor = executor;
        this.assembler = assembler;
        this.hooks = hooks;
        this.clock = clock;
    }

    /** Runs cycles until {@link #stop()}; a fatal condition ends the loop by throwing {@link FatalException}. */
    public void run() {
        while (running.get()) {
            Instant started = clock.instant();
            OptionalLong leaderRevision = runCycle();
            Duration loopWait = hooks.settings(Optional.empty()).loopWait();
            Duration left = loopWait.minus(Duration.between(started, clock.instant()));
            if (running.get() && !left.isNegative() && !wakeupPending) {
                waitForChange(leaderRevision, left);
            }
            wakeupPending = false;
        }
    }

    /** One cycle; returns the leader key's revision seen, for the watch. */
    public OptionalLong runCycle() {
        Optional<Cluster> cluster = load();
        Observation observation = postgres.observe();
        HaSettings settings = hooks.settings(cluster);
        LocalState local = assembler.assemble(cluster, observation, settings, Optional.ofNullable(dcsLastSeen),
                !seenRunning);
        if (cluster.isPresent() && !cluster.get().hasMember(settings.me())) {
            hooks.memberMissing(cluster.get(), new CycleResult(cluster, observation, settings, "", clock.instant()));
        }
        logLockOwner(cluster, settings.me());

        Decision decision = decider.decide(cluster, local, settings);
        String status;
        try {
            status = executor.execute(decision,
                    new ActionExecutor.Context(cluster.orElseGet(Cluster::empty), observation, settings.ttl()));
        } catch (FatalException e) {
            throw e;
        } catch (DcsUnavailableException e) {
            status = HaMessages.DCS_INACCESSIBLE;
        } catch (PostgresOperationException e) {
            log.error("{}", e.getMessage());
            status = decision.status();
        } catch (RuntimeException e) {
            log.error("Unexpected exception raised, please report it as a BUG: {}", e.getMessage(), e);
            status = "Unexpected exception raised, please report it as a BUG";
        }
        log.info("{}", status);
        seenRunning |= cluster.isPresent() && observation.isRunning();
        boolean acted = !(decision.action() instanceof Action.NoAction);
        Observation after = acted ? postgres.observe() : observation;
        if (changedRole(observation, after)) {
            wakeUp();   // PostgreSQL started, stopped, promoted or demoted: look again at once, not in loop_wait
        }
        hooks.cycleDone(new CycleResult(cluster, after, settings, status, clock.instant()));
        return cluster.flatMap(Cluster::leader).map(l -> OptionalLong.of(l.modRevision())).orElse(OptionalLong.empty());
    }

    private Optional<Cluster> load() {
        try {
            Cluster c = dcs.load();
            dcsLastSeen = clock.instant();
            return Optional.of(c);
        } catch (DcsUnavailableException e) {
            log.error("Failed to get the cluster from the DCS: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void logLockOwner(Optional<Cluster> cluster, String me) {
        Optional<String> owner = cluster.flatMap(Cluster::leaderName);
        if (cluster.isPresent() && !Objects.equals(owner, lastLockOwner)) {
            log.info("{}", HaMessages.lockOwner(owner.orElse("None"), me));
            lastLockOwner = owner;
        }
    }

    private static boolean changedRole(Observation before, Observation after) {
        return before.process() != after.process() || before.inRecovery() != after.inRecovery();
    }

    /** Waits on the DCS watch in short slices, so that {@link #wakeUp()} is seen within ~100 ms. */
    private void waitForChange(OptionalLong leaderRevision, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.get() && !wakeupPending) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                return;
            }
            Duration slice = Duration.ofMillis(Math.min(leftMs, 100));
            try {
                if (dcs.watch(leaderRevision, slice)) {
                    return;
                }
            } catch (DcsUnavailableException e) {
                sleep(slice);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Run the next cycle now (a background task finished, an API request arrived). */
    public void wakeUp() {
        wakeupPending = true;
    }

    public void stop() {
        running.set(false);
        wakeUp();
    }
}
