package io.jpatroni.watchdog.fence;

import static io.jpatroni.watchdog.fence.FenceTesting.CLOCK;
import static io.jpatroni.watchdog.fence.FenceTesting.PATIENCE;
import static io.jpatroni.watchdog.fence.FenceTesting.SCRIPT;
import static io.jpatroni.watchdog.fence.FenceTesting.awaitBootClock;
import static io.jpatroni.watchdog.fence.FenceTesting.awaitLogLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.watchdog.LogCapture;
import io.jpatroni.watchdog.WatchdogDriver;
import io.jpatroni.watchdog.WatchdogMode;
import io.jpatroni.watchdog.WatchdogSettings;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fence's lifecycle, on the real script: what each call arms, and how a daemon takes over from earlier fences. */
class FenceGuardTest {
    @RegisterExtension
    final LogCapture logs = new LogCapture("io.jpatroni.watchdog");

    @TempDir
    Path scratch;

    private Path dataDir;
    private Path logFile;
    private FenceSpec spec;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        dataDir = Files.createDirectories(scratch.resolve("data")).toRealPath();
        logFile = scratch.resolve("fence.log");
        spec = FenceSpec.of(SCRIPT, dataDir).withLog(Redirect.appendTo(logFile.toFile()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private static WatchdogSettings settings(WatchdogMode mode, int ttl, int loopWait, int margin) {
        return new WatchdogSettings(mode, WatchdogDriver.FENCE, WatchdogSettings.DEFAULT_DEVICE, margin, ttl, loopWait);
    }

    private FenceGuard guard(WatchdogSettings settings) {
        return guard(spec, settings);
    }

    private FenceGuard guard(FenceSpec spec, WatchdogSettings settings) {
        FenceGuard guard = new FenceGuard(spec, settings);
        cleanup.add(guard::close);
        return guard;
    }

    /** A fence this guard did not start: an earlier daemon's, or another data directory's. */
    private Process foreignFence(Path dir, BootTime deadline) throws Exception {
        Process p = CleanStart.start(new ProcessBuilder("/bin/sh", SCRIPT.toString(), dir.toString())
                .redirectError(Redirect.appendTo(logFile.toFile())));
        cleanup.add(() -> {
            p.destroy();   // SIGTERM: a SIGKILL would leave its armed timer child behind
            p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        });
        p.getOutputStream().write(("arm " + deadline + "\n").getBytes());
        p.getOutputStream().flush();
        awaitLogLine(logFile, l -> l.startsWith("armed: ") && l.endsWith(deadline.toString()));
        return p;
    }

    private String describe() {
        return "jpatroni fence for " + dataDir;
    }

    @Test
    void activationArmsTheLockRenewalPlusTheTimeout() {
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 30, 10, 5));
        BootTime renewal = CLOCK.now();

        assertThat(guard.activate(renewal)).isTrue();

        assertThat(guard.isRunning()).isTrue();
        assertThat(guard.status().orElseThrow().deadline()).contains(renewal.plusSeconds(25));
        assertThat(logs.lines()).containsExactly(
                "INFO " + describe() + " activated with 25 second timeout, timing slack 15 seconds");
    }

    @Test
    void keepaliveMovesTheDeadlineAndAppliesANewTtl() {
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 30, 10, 5));
        BootTime first = CLOCK.now();
        guard.keepalive(first);
        assertThat(guard.status()).as("not activated: no process").isEmpty();

        guard.activate(first);
        BootTime second = first.plusSeconds(10);
        guard.keepalive(second);
        assertThat(guard.status().orElseThrow().deadline()).contains(second.plusSeconds(25));

        logs.clear();
        guard.reload(settings(WatchdogMode.AUTOMATIC, 40, 10, -1));
        BootTime third = second.plusSeconds(10);
        guard.keepalive(third);

        assertThat(guard.status().orElseThrow().deadline()).contains(third.plusSeconds(20));
        assertThat(logs.lines()).containsExactly(
                "INFO " + describe() + " updated with 20 second timeout, timing slack 10 seconds");
    }

    @Test
    void disableDisarmsAndKeepaliveThenDoesNothing() {
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 30, 10, 5));
        guard.activate(CLOCK.now());

        guard.disable();
        guard.keepalive(CLOCK.now());

        assertThat(guard.isRunning()).isFalse();
        assertThat(guard.status().orElseThrow().state()).isEqualTo(FenceAck.State.DISARMED);
    }

    @Test
    void turnedOffItDisarmsAtOnceAndStaysDisarmed() {
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 30, 10, 5));
        guard.activate(CLOCK.now());

        guard.reload(settings(WatchdogMode.OFF, 30, 10, 5));
        assertThat(guard.isRunning()).isFalse();
        guard.keepalive(CLOCK.now());

        assertThat(guard.status().orElseThrow().state()).isEqualTo(FenceAck.State.DISARMED);
    }

    @Test
    void aTtlWithNoRoomForLoopWaitIsRefused() {
        FenceGuard auto = guard(settings(WatchdogMode.AUTOMATIC, 14, 10, 5));
        FenceGuard strict = guard(settings(WatchdogMode.REQUIRED, 14, 10, 5));

        assertThat(auto.activate(CLOCK.now())).isTrue();
        assertThat(strict.isHealthy()).isFalse();
        assertThat(strict.activate(CLOCK.now())).isFalse();

        assertThat(auto.status()).isEmpty();
        assertThat(logs.lines()).containsExactly(
                "WARN Watchdog not supported because leader TTL 14 is less than 2x loop_wait 10",
                "WARN Watchdog not supported because leader TTL 14 is less than 2x loop_wait 10",
                "ERROR Configuration requires watchdog, but watchdog could not be activated");
    }

    @Test
    void aFenceThatCannotStartFailsOnceAndIsRetriedAfterAConfigurationChange() {
        FenceSpec broken = new FenceSpec(scratch.resolve("no-such-script"), dataDir, Redirect.DISCARD,
                Duration.ofSeconds(5));
        FenceGuard auto = guard(broken, settings(WatchdogMode.AUTOMATIC, 30, 10, 5));

        assertThat(auto.activate(CLOCK.now())).isTrue();
        assertThat(auto.activate(CLOCK.now())).isTrue();
        assertThat(logs.lines()).hasSize(1).allMatch(l -> l.startsWith("WARN Could not activate " + describe() + ": "));

        auto.reload(settings(WatchdogMode.AUTOMATIC, 31, 10, 5));
        auto.activate(CLOCK.now());
        assertThat(logs.lines()).hasSize(2);

        logs.clear();
        FenceGuard strict = guard(broken, settings(WatchdogMode.REQUIRED, 30, 10, 5));
        assertThat(strict.isHealthy()).isFalse();
        assertThat(strict.activate(CLOCK.now())).isFalse();
        assertThat(logs.lines()).last().isEqualTo("ERROR Configuration requires watchdog, but watchdog could not be activated");
    }

    @Test
    void theFirstArmRetiresTheFencesOfAnEarlierLife() throws Exception {
        Process earlier = foreignFence(dataDir, CLOCK.now().plusSeconds(600));
        Path otherDir = Files.createDirectories(scratch.resolve("other")).toRealPath();
        Process otherDataDir = foreignFence(otherDir, CLOCK.now().plusSeconds(600));
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 30, 10, 5));

        guard.activate(CLOCK.now());

        assertThat(earlier.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        awaitLogLine(logFile, "retired by SIGTERM");
        assertThat(logs.lines()).contains("INFO retired another jpatroni fence of this data directory (pid "
                + earlier.pid() + ")");
        assertThat(otherDataDir.isAlive()).isTrue();
        assertThat(guard.isRunning()).isTrue();
    }

    @Test
    void aFirstDisableRetiresThemToo() throws Exception {
        Process earlier = foreignFence(dataDir, CLOCK.now().plusSeconds(600));
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 30, 10, 5));

        guard.disable();

        assertThat(earlier.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(guard.status()).as("nothing started for a disable").isEmpty();
    }

    @Test
    void aFenceKilledWithSigkillIsReplacedAndItsTimerRetired() throws Exception {
        FakePostmaster pm = FakePostmaster.start(scratch, "postgres", dataDir, dataDir);
        cleanup.add(pm);
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 4, 1, 1));   // timeout 3 s
        BootTime first = CLOCK.now();
        guard.activate(first);
        long killed = guard.status().map(a -> pidOf(guard)).orElseThrow();

        assertThat(new ProcessBuilder("kill", "-KILL", String.valueOf(killed)).start().waitFor()).isZero();
        await().atMost(PATIENCE).until(() -> ProcessHandle.of(killed).map(h -> !h.isAlive()).orElse(true));
        guard.reload(settings(WatchdogMode.AUTOMATIC, 30, 1, 1));
        guard.keepalive(CLOCK.now());

        assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN the jpatroni fence (pid " + killed + ") is gone"));
        awaitBootClock(first.plusSeconds(3).plus(Duration.ofMillis(500)));
        assertThat(pm.process.isAlive()).as("the dead fence's timer was retired").isTrue();
        guard.disable();
    }

    @Test
    void abandonedArmedItStopsPostgresAtTheDeadline() throws Exception {
        FakePostmaster pm = FakePostmaster.start(scratch, "postgres", dataDir, dataDir);
        cleanup.add(pm);
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 4, 1, 1));
        BootTime renewal = CLOCK.now();
        guard.activate(renewal);

        guard.abandon();

        assertThat(logs.lines()).contains("WARN Leaving " + describe() + " armed: it stops PostgreSQL when the lock"
                + " would expire");
        assertThat(pm.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(awaitLogLine(logFile, "sent SIGQUIT").at()).isGreaterThanOrEqualTo(renewal.plusSeconds(3));
    }

    @Test
    void closeDisarmsAndEndsTheFence() throws Exception {
        FakePostmaster pm = FakePostmaster.start(scratch, "postgres", dataDir, dataDir);
        cleanup.add(pm);
        FenceGuard guard = guard(settings(WatchdogMode.AUTOMATIC, 4, 1, 1));
        BootTime renewal = CLOCK.now();
        guard.activate(renewal);
        long pid = pidOf(guard);

        guard.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        awaitBootClock(renewal.plusSeconds(3).plus(Duration.ofMillis(500)));
        assertThat(pm.process.isAlive()).isTrue();
    }

    private long pidOf(FenceGuard guard) {
        return OrphanFences.find(dataDir, Optional.empty()).stream()
                .filter(p -> p.parent().map(parent -> parent.pid() == ProcessHandle.current().pid()).orElse(false))
                .findFirst().orElseThrow().pid();
    }
}
