package io.jpatroni.watchdog.fence;

import io.jpatroni.watchdog.FenceUse;
import io.jpatroni.watchdog.WatchdogMessages;
import io.jpatroni.watchdog.WatchdogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fence with the watchdog's lifecycle: {@link #activate} before this node promotes, {@link #keepalive} after
 * every successful lock update, {@link #disable} on demotion and pause, {@link #close} at a clean shutdown,
 * {@link #abandon} when the daemon leaves PostgreSQL running under a lock it no longer renews. Each arm sets the
 * deadline {@code lock renewal start + timeout} ({@code ttl - safety_margin}, or {@code ttl / 2}), so a changed ttl
 * or margin takes effect at the next keepalive. The process starts on the first activation, and is started again if
 * it dies. The first arm or disarm of this daemon's life also retires the fences an earlier life left behind (from
 * then on this daemon decides), and so does the first arm after a fence of ours died. A failed start is retried only after a configuration change, so it logs once.
 * Thread-safe.
 */
public final class FenceGuard {
    private static final Logger log = LoggerFactory.getLogger(FenceGuard.class);

    private final FenceSpec spec;
    private WatchdogSettings config;
    private WatchdogSettings armedWith;
    private Fence fence;
    private boolean active;
    private boolean armed;
    private BootTime deadline;
    private boolean broken;
    /** Other fences of this data directory may still hold a deadline: at start, and after our fence died. */
    private boolean sweepPending = true;

    public FenceGuard(FenceSpec spec, WatchdogSettings settings) {
        this.spec = spec;
        this.config = settings;
    }

    /**
     * Arms the fence before this node promotes.
     *
     * @param lockRenewedAt the boot clock just before the lock write that made (or kept) this node the leader
     * @return {@code false} when {@code mode: required} with {@code driver: fence} and the fence cannot be armed
     */
    public synchronized boolean activate(BootTime lockRenewedAt) {
        active = true;
        if (config.fenceUse() == FenceUse.OFF) {
            return true;
        }
        if (config.timingSlack() < 0) {
            log.warn("{}", WatchdogMessages.ttlTooShort(config.ttl(), config.loopWait()));
            disarm();
            return notActivated();
        }
        if (broken) {
            return notActivated();
        }
        try {
            arm(lockRenewedAt);
        } catch (FenceException e) {
            log.warn("{}", WatchdogMessages.couldNotActivate(describe(), e.getMessage()));
            broken = true;
            return notActivated();
        }
        log.info("{}", WatchdogMessages.activated(describe(), config.timeout(), config.timingSlack()));
        return true;
    }

    /** Moves the deadline to {@code lockRenewedAt + timeout}; nothing unless activated. */
    public synchronized void keepalive(BootTime lockRenewedAt) {
        if (!active || broken || config.fenceUse() == FenceUse.OFF || config.timingSlack() < 0) {
            return;
        }
        boolean newTimeout = armedWith != null && armedWith.timeout() != config.timeout();
        try {
            arm(lockRenewedAt);
        } catch (FenceException e) {
            log.error("{}", WatchdogMessages.errorWhileKeepalive(e.getMessage()));
            return;
        }
        if (newTimeout) {
            log.info("{}", WatchdogMessages.updated(describe(), config.timeout(), config.timingSlack()));
        }
    }

    /** Drops the deadline: demotion, pause, a replica's cycle. */
    public synchronized void disable() {
        active = false;
        disarm();
        retireOthers();
    }

    /** Takes a new configuration: off at once, a new timeout at the next keepalive; a change retries a failed start. */
    public synchronized void reload(WatchdogSettings settings) {
        if (!settings.equals(config)) {
            broken = false;
        }
        config = settings;
        if (config.fenceUse() == FenceUse.OFF) {
            disarm();
        }
    }

    /** What the fence process says of itself; empty when none runs. */
    public synchronized Optional<FenceAck> status() {
        if (fence == null || !fence.isAlive()) {
            return Optional.empty();
        }
        try {
            return Optional.of(fence.status());
        } catch (FenceException e) {
            return Optional.empty();
        }
    }

    /** The deadline the fence holds: when it stops PostgreSQL unless renewed first; empty when none. */
    public synchronized Optional<BootTime> deadline() {
        return isRunning() ? Optional.of(deadline) : Optional.empty();
    }

    /** The fence holds a deadline. */
    public synchronized boolean isRunning() {
        return armed && fence != null && fence.isAlive();
    }

    /** {@code false} only when {@code mode: required} with {@code driver: fence} cannot be met. */
    public synchronized boolean isHealthy() {
        if (!config.fenceRequired()) {
            return true;
        }
        return config.timingSlack() >= 0 && Files.isReadable(spec.script()) && Files.isReadable(BootClock.UPTIME);
    }

    /** A clean shutdown (PostgreSQL stopped): disarms and ends the fence. */
    public synchronized void close() {
        if (fence != null) {
            fence.close();
            fence = null;
        }
        active = false;
        armed = false;
        retireOthers();
    }

    /**
     * The daemon leaves while PostgreSQL may run as primary (its stop failed): the fence keeps its deadline, stops
     * PostgreSQL when it passes, then exits, as Patroni leaves its watchdog running.
     */
    public synchronized void abandon() {
        if (fence == null || !armed) {
            close();
            return;
        }
        log.warn("{}", WatchdogMessages.fenceLeftArmed(describe()));
        fence.abandon();
        fence = null;
        active = false;
        armed = false;
    }

    public String describe() {
        return "jpatroni fence for " + spec.dataDir();
    }

    private boolean notActivated() {
        if (config.fenceRequired()) {
            log.error("{}", WatchdogMessages.requiredButNotActivated());
            return false;
        }
        return true;
    }

    private void arm(BootTime lockRenewedAt) throws FenceException {
        BootTime deadline = lockRenewedAt.plusSeconds(config.timeout());
        try {
            start();
            fence.arm(deadline);
        } catch (FenceException first) {
            if (fence == null) {
                throw first;
            }
            fence.retire();   // not answering, or gone: one fresh process, once
            start();
            fence.arm(deadline);
        }
        armed = true;
        this.deadline = deadline;
        armedWith = config;
        retireOthers();
    }

    private void start() throws FenceException {
        if (fence != null && fence.isAlive()) {
            return;
        }
        Fence old = fence;
        fence = null;
        fence = Fence.start(spec);
        if (old != null) {
            log.warn("{}", WatchdogMessages.fenceRestarted(old.pid(), fence.pid()));
            sweepPending = true;   // a fence killed with SIGKILL leaves its timer child counting down
        }
    }

    private void disarm() {
        if (fence != null && armed) {
            try {
                fence.disarm();
            } catch (FenceException e) {
                log.error("{}", WatchdogMessages.errorWhileDisabling(e.getMessage()));
                fence.retire();   // SIGTERM drops the deadline of a fence that did not answer
                fence = null;
            }
        }
        armed = false;
    }

    /** Retires the fences of this data directory that are not ours: an earlier life's, or our dead fence's timer. */
    private void retireOthers() {
        if (!sweepPending) {
            return;
        }
        sweepPending = false;
        Path dataDir;
        try {
            dataDir = spec.dataDir().toRealPath();
        } catch (IOException e) {
            return;   // no data directory: no postmaster for an orphan to stop either
        }
        List<ProcessHandle> orphans = OrphanFences.find(dataDir, Optional.ofNullable(fence).map(Fence::handle));
        Set<Long> pids = orphans.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        orphans.stream()
                .filter(p -> p.parent().map(parent -> !pids.contains(parent.pid())).orElse(true))
                .forEach(p -> log.info("{}", WatchdogMessages.orphanRetired(p.pid())));
        OrphanFences.retire(orphans);
    }
}
