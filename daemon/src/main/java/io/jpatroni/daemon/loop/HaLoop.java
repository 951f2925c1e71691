package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaDecider;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.model.Cluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin loop. One cycle: observe (load the cluster, look at PostgreSQL), decide, execute, log one status line;
 * then the upkeep the decision asks for on what the action left; then publish (member key, REST snapshot), and wait
 * {@code loop_wait} or until the DCS watch reports a leader change. Only {@link ActionExecutor} and the
 * {@link Publisher} do I/O on its behalf.
 */
public final class HaLoop {
    private static final Logger log = LoggerFactory.getLogger(HaLoop.class);
    /**
     * What a primary kept by failsafe mode leaves free before its fence's deadline: the failsafe round (2 s per
     * member, all at once) and a margin. The loop's DCS calls get the rest (see {@link #dcsCallBudget}).
     */
    static final Duration FAILSAFE_ROUND_RESERVE = FailsafePeers.TIMEOUT.plusMillis(500);
    private static final Duration UNBOUNDED = Duration.ofDays(365);

    private final Dcs dcs;
    private final ManagedPostgres postgres;
    private final HaDecider decider = new HaDecider();
    private final ActionExecutor executor;
    private final LocalStateAssembler assembler;
    private final SettingsSource settingsSource;
    private final Publisher publisher;
    private final LoopWakeup wakeup;
    private final Clock clock;
    private final Failsafe failsafe;
    private final Guards guards;
    private final LoopMetrics metrics;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Cluster lastCluster = Cluster.empty();
    private Optional<String> lastLockOwner = Optional.empty();
    private boolean seenRunning;
    private Duration sessionTtl = Duration.ZERO;
    private Duration sessionRetryTimeout = Duration.ZERO;
    private volatile boolean failsafeMode;
    private volatile Thread loopThread;

    public HaLoop(Dcs dcs, ManagedPostgres postgres, ActionExecutor executor, LocalStateAssembler assembler,
                  SettingsSource settingsSource, Publisher publisher, LoopWakeup wakeup, Clock clock) {
        this(dcs, postgres, executor, assembler, settingsSource, publisher, wakeup, clock, new Failsafe(""),
                Guards.none());
    }

    /** @param failsafe where the REST API records a primary's {@code POST /failsafe} */
    public HaLoop(Dcs dcs, ManagedPostgres postgres, ActionExecutor executor, LocalStateAssembler assembler,
                  SettingsSource settingsSource, Publisher publisher, LoopWakeup wakeup, Clock clock,
                  Failsafe failsafe) {
        this(dcs, postgres, executor, assembler, settingsSource, publisher, wakeup, clock, failsafe, Guards.none());
    }

    /** @param guards told the settings in force every cycle (a changed ttl re-arms them) */
    public HaLoop(Dcs dcs, ManagedPostgres postgres, ActionExecutor executor, LocalStateAssembler assembler,
                  SettingsSource settingsSource, Publisher publisher, LoopWakeup wakeup, Clock clock, Guards guards) {
        this(dcs, postgres, executor, assembler, settingsSource, publisher, wakeup, clock, new Failsafe(""), guards);
    }

    /**
     * @param failsafe where the REST API records a primary's {@code POST /failsafe}
     * @param guards   told the settings in force every cycle (a changed ttl re-arms them)
     */
    public HaLoop(Dcs dcs, ManagedPostgres postgres, ActionExecutor executor, LocalStateAssembler assembler,
                  SettingsSource settingsSource, Publisher publisher, LoopWakeup wakeup, Clock clock,
                  Failsafe failsafe, Guards guards) {
        this(dcs, postgres, executor, assembler, settingsSource, publisher, wakeup, clock, failsafe, guards,
                LoopMetrics.NONE);
    }

    /** @param metrics told the row, the action and the duration of every cycle */
    public HaLoop(Dcs dcs, ManagedPostgres postgres, ActionExecutor executor, LocalStateAssembler assembler,
                  SettingsSource settingsSource, Publisher publisher, LoopWakeup wakeup, Clock clock,
                  Failsafe failsafe, Guards guards, LoopMetrics metrics) {
        this.metrics = metrics;
        this.failsafe = failsafe;
        this.guards = guards;
        this.dcs = dcs;
        this.postgres = postgres;
        this.executor = executor;
        this.assembler = assembler;
        this.settingsSource = settingsSource;
        this.publisher = publisher;
        dcs.setCallBudget(this::dcsCallBudget);
        this.wakeup = wakeup;
        this.clock = clock;
    }

    /** Runs cycles until {@link #stop()}; a fatal condition ends the loop by throwing {@link FatalException}. */
    public void run() {
        loopThread = Thread.currentThread();
        while (running.get()) {
            Instant started = clock.instant();
            OptionalLong leaderRevision = runCycle();
            Duration loopWait = settingsSource.settings(Optional.empty()).loopWait();
            Duration left = loopWait.minus(Duration.between(started, clock.instant()));
            if (running.get() && !left.isNegative()) {
                wakeup.await(dcs, leaderRevision, left);
            }
            wakeup.clear();
        }
    }

    /** One cycle; returns the leader key's revision seen, for the watch. */
    public OptionalLong runCycle() {
        long startedNanos = System.nanoTime();
        Optional<Cluster> cluster = load();
        Observation observation = postgres.observe();
        HaSettings settings = settingsSource.settings(cluster);
        failsafeMode = settings.failsafeMode();
        applyToSession(settings);
        guards.reload(settings);
        cluster.ifPresent(c -> lastCluster = c);
        // unreachable: the cluster as last seen stands for it (Patroni keeps self.cluster), for pause
        ClusterView view = decider.view(new ClusterView(cluster.orElse(lastCluster), settings, cluster.isPresent()),
                failsafe.ping(), observation, clock.instant());
        LocalState local = assembler.assemble(view, observation, !seenRunning);
        if (cluster.isPresent() && !cluster.get().hasMember(settings.me())) {
            try {
                publisher.memberMissing(cluster.get(),
                        new CycleResult(cluster, observation, settings, "", clock.instant()));
            } catch (DcsCutShortException e) {
                log.error("Error communicating with DCS: {}", e.getMessage());
                cluster = Optional.empty();
                view = new ClusterView(view.cluster(), settings, false);
                local = assembler.afterDcsFailure(view, local);
            }
        }
        logLockOwner(cluster, settings.me());

        HaDecider.Explanation explained = decider.explain(view, local);
        Decision decision = explained.decision();
        ActionExecutor.Context context = new ActionExecutor.Context(view.cluster(), observation, settings.ttl());
        String status;
        long postgresActionsBefore = executor.postgresActions();
        try {
            status = execute(decision, context);
        } catch (DcsUnavailableException e) {
            // Patroni's _run_cycle: a DCSError anywhere in the cycle -> _handle_dcs_error
            log.error("Error communicating with DCS: {}", e.getMessage());
            cluster = Optional.empty();
            view = new ClusterView(view.cluster(), settings, false);
            local = assembler.afterDcsFailure(view, local);
            explained = decider.explain(view, local);
            decision = explained.decision();
            context = new ActionExecutor.Context(view.cluster(), observation, settings.ttl());
            status = executeWithoutDcs(decision, context);
        }
        log.info("{}", status);
        seenRunning |= cluster.isPresent() && observation.isRunning();
        // only an action that may have changed PostgreSQL makes it worth asking again (a leader's lock renewal does not)
        boolean acted = executor.postgresActions() != postgresActionsBefore;
        Observation after = acted ? postgres.observe() : observation;
        if (changedRole(observation, after)) {
            wakeUp();   // PostgreSQL started, stopped, promoted or demoted: look again at once, not in loop_wait
        }

        try {
            List<Action> upkeep = decider.upkeep(view, assembler.afterAction(local, after));
            if (executor.upkeep(upkeep, new ActionExecutor.Context(view.cluster(), after, settings.ttl()))) {
                after = postgres.observe();
            }
            publisher.publish(new CycleResult(cluster, after, settings, status, clock.instant()));
        } catch (DcsCutShortException e) {
            // a write after the action ran out of the time left before the fence's deadline: the outage is handled
            // now (Patroni's _handle_dcs_error: the failsafe round), not a loop_wait and another timeout later
            log.error("Error communicating with DCS: {}", e.getMessage());
            cluster = Optional.empty();
            view = new ClusterView(view.cluster(), settings, false);
            local = assembler.afterDcsFailure(view, assembler.afterAction(local, after));
            explained = decider.explain(view, local);
            decision = explained.decision();
            status = executeWithoutDcs(decision, new ActionExecutor.Context(view.cluster(), after, settings.ttl()));
            log.info("{}", status);
            publisher.publish(new CycleResult(cluster, postgres.observe(), settings, status, clock.instant()));
        }
        metrics.cycle(explained.rule().name(), decision.action(), Duration.ofNanos(System.nanoTime() - startedNanos));
        return cluster.flatMap(Cluster::leader).map(l -> OptionalLong.of(l.modRevision())).orElse(OptionalLong.empty());
    }

    /**
     * How long the loop's next DCS call may wait, asked by the DCS session before each call: unbounded (the retry
     * timeout alone) except for a primary in failsafe mode whose fence counts down, which keeps
     * {@link #FAILSAFE_ROUND_RESERVE} before the deadline free. Without it, a DCS that stops answering right after a
     * lock renewal can hold the loop for several retry timeouts (the status key, the member key, then the next
     * cycle's renewal), and the fence stops a primary that failsafe mode would have kept (#12, fault 6 at ttl 10).
     * Calls from other threads (the REST API's) are not bounded.
     */
    Duration dcsCallBudget() {
        if (!failsafeMode || loopThread != null && Thread.currentThread() != loopThread) {
            return UNBOUNDED;
        }
        return guards.timeLeft().map(left -> left.minus(FAILSAFE_ROUND_RESERVE)).orElse(UNBOUNDED);
    }

    /** A decision taken with the DCS unreachable, should it still try the DCS: that is said, not retried. */
    private String executeWithoutDcs(Decision decision, ActionExecutor.Context context) {
        try {
            return execute(decision, context);
        } catch (DcsUnavailableException e) {
            return HaMessages.DCS_INACCESSIBLE;
        }
    }

    /**
     * @return the status line of the branch taken, or the one that says why none could be
     * @throws DcsUnavailableException the DCS did not answer: the caller judges the cycle again without it
     */
    private String execute(Decision decision, ActionExecutor.Context context) {
        try {
            return executor.execute(decision, context);
        } catch (FatalException | DcsUnavailableException e) {
            throw e;
        } catch (PostgresOperationException e) {
            log.error("{}", e.getMessage());
            return decision.status();
        } catch (RuntimeException e) {
            log.error("Unexpected exception raised, please report it as a BUG: {}", e.getMessage(), e);
            return "Unexpected exception raised, please report it as a BUG";
        }
    }

    private Optional<Cluster> load() {
        try {
            return Optional.of(dcs.load());
        } catch (DcsUnavailableException e) {
            log.error("Failed to get the cluster from the DCS: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** The one place a changed {@code ttl} / {@code retry_timeout} reaches the DCS session. */
    private void applyToSession(HaSettings settings) {
        if (!settings.ttl().equals(sessionTtl)) {
            dcs.setTtl((int) settings.ttl().toSeconds());
            sessionTtl = settings.ttl();
        }
        if (!settings.retryTimeout().equals(sessionRetryTimeout)) {
            dcs.setRetryTimeout(settings.retryTimeout());
            sessionRetryTimeout = settings.retryTimeout();
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

    /** Run the next cycle now (a background task finished, an API request arrived). */
    public void wakeUp() {
        wakeup.wakeUp();
    }

    public void stop() {
        running.set(false);
        wakeUp();
    }
}
