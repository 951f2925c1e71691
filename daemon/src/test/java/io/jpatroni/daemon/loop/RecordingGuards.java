package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.model.BootInstant;
import io.jpatroni.daemon.model.GuardStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A node's guards for whole-cycle tests: each call in the shared journal, the answers set by the test. */
final class RecordingGuards implements Guards {
    private final String name;
    private final List<String> journal;
    /** The boot clock: tests move it. */
    volatile long bootCentis = 100_000;
    /** What {@code activate} answers ({@code false}: {@code mode: required} cannot be met). */
    volatile boolean activates = true;
    volatile boolean healthy = true;
    private volatile boolean running;
    /** What {@code timeLeft} answers: the fence's deadline as the test sets it (none by default). */
    volatile Optional<Duration> timeLeft = Optional.empty();

    RecordingGuards(String name, List<String> journal) {
        this.name = name;
        this.journal = journal;
    }

    @Override
    public BootInstant bootNow() {
        return new BootInstant(bootCentis);
    }

    @Override
    public boolean activate(boolean armFence, BootInstant renewedAt) {
        journal.add(name + ":guards activate fence=" + armFence + " from " + renewedAt.centis());
        running = activates;
        return activates;
    }

    @Override
    public void keepalive(boolean armFence, BootInstant renewedAt) {
        journal.add(name + ":guards keepalive fence=" + armFence + " from " + renewedAt.centis());
    }

    @Override
    public Optional<Duration> timeLeft() {
        return timeLeft;
    }

    @Override
    public void disable() {
        journal.add(name + ":guards disable");
        running = false;
    }

    @Override
    public GuardStatus status() {
        return new GuardStatus(running, healthy);
    }

    @Override
    public void reload(HaSettings settings) {
    }
}
