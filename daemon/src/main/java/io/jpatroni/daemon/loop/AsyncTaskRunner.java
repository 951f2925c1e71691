package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.RunningTask;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.daemon.model.TaskOutcome;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one long action (bootstrap, clone, rewind, reinitialize) at a time on a background thread,
 * so the HA loop keeps cycling — and keeps its lock — meanwhile. The loop reads {@link #running()}
 * and consumes {@link #takeFinished()} once per cycle.
 */
public final class AsyncTaskRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncTaskRunner.class);

    private final Clock clock;
    private final Executor executor;
    private final AtomicReference<RunningTask> running = new AtomicReference<>();
    private final AtomicReference<TaskOutcome> finished = new AtomicReference<>();
    private final Runnable onFinish;

    /**
     * @param executor where tasks run: one background thread in the daemon ({@link #background}), the caller's in tests
     * @param onFinish called on the task thread when a task succeeds (wakes the loop up); after a failure the
     *                 loop waits its usual loop_wait before retrying, so a failing clone is not retried in a tight loop
     */
    public AsyncTaskRunner(Executor executor, Clock clock, Runnable onFinish) {
        this.executor = executor;
        this.clock = clock;
        this.onFinish = onFinish;
    }

    /** One daemon thread named {@code ha-task}. */
    public static AsyncTaskRunner background(Clock clock, Runnable onFinish) {
        return new AsyncTaskRunner(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ha-task");
            t.setDaemon(true);
            return t;
        }), clock, onFinish);
    }

    /** Starts {@code work} unless a task is already running; returns false in that case. */
    public boolean start(TaskKind kind, Runnable work) {
        return start(kind, kind.words(), work);
    }

    /** @param words how status lines name the task while it runs */
    public boolean start(TaskKind kind, String words, Runnable work) {
        RunningTask task = new RunningTask(kind, words, clock.instant());
        if (!running.compareAndSet(null, task)) {
            return false;
        }
        executor.execute(() -> {
            TaskOutcome outcome;
            try {
                work.run();
                outcome = new TaskOutcome(kind, true, "");
            } catch (RuntimeException e) {
                log.error("{} failed: {}", kind.words(), e.getMessage());
                log.debug("{} failure", kind.words(), e);
                outcome = new TaskOutcome(kind, false, String.valueOf(e.getMessage()));
            }
            finished.set(outcome);
            running.set(null);
            if (outcome.success()) {
                onFinish.run();
            }
        });
        return true;
    }

    public Optional<RunningTask> running() {
        return Optional.ofNullable(running.get());
    }

    /** The outcome of the task that ended since the last call, if any (each outcome is seen once). */
    public Optional<TaskOutcome> takeFinished() {
        return Optional.ofNullable(finished.getAndSet(null));
    }

    @Override
    public void close() {
        if (executor instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }
}
