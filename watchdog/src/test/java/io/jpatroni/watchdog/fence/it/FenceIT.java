package io.jpatroni.watchdog.fence.it;

import static io.jpatroni.watchdog.fence.FenceTesting.CLOCK;
import static io.jpatroni.watchdog.fence.FenceTesting.PATIENCE;
import static io.jpatroni.watchdog.fence.FenceTesting.SCRIPT;
import static io.jpatroni.watchdog.fence.FenceTesting.awaitBootClock;
import static io.jpatroni.watchdog.fence.FenceTesting.awaitLogLine;
import static io.jpatroni.watchdog.fence.FenceTesting.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.watchdog.WatchdogDriver;
import io.jpatroni.watchdog.WatchdogMode;
import io.jpatroni.watchdog.WatchdogSettings;
import io.jpatroni.watchdog.fence.BootTime;
import io.jpatroni.watchdog.fence.Fence;
import io.jpatroni.watchdog.fence.FenceGuard;
import io.jpatroni.watchdog.fence.FenceSpec;
import io.jpatroni.watchdog.fence.FenceTesting.LogLine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fence against a real PostgreSQL 15 postmaster: a deadline that passes stops it (immediate shutdown), renewals
 * and a disarm keep it, and neither a frozen (SIGSTOP) nor a dead (SIGKILL) daemon JVM keeps the fence from acting;
 * a restarted daemon takes over from the fence its previous life left. Times are the fence's own boot clock (its
 * log) and the test's reading of the same clock.
 */
class FenceIT {
    /** Patroni's default safety margin: the fence must have stopped PostgreSQL within it. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    @TempDir
    Path scratch;

    private PgServer pg;
    private ProcessHandle postmaster;
    private Path fenceLog;
    private final List<Runnable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        PgServer.assumeAvailable();
        pg = PgServer.start(scratch);
        postmaster = pg.postmaster().orElseThrow();
        fenceLog = scratch.resolve("fence.log");
    }

    @AfterEach
    void tearDown() throws Exception {
        cleanup.forEach(Runnable::run);
        pg.close();
    }

    private Fence fence() throws Exception {
        Fence fence = Fence.start(FenceSpec.of(SCRIPT, pg.dataDir).withLog(Redirect.appendTo(fenceLog.toFile())));
        cleanup.add(fence::retire);
        return fence;
    }

    /**
     * Waits for the postmaster to exit; returns the boot clock when it was seen gone. A zombie counts as gone: it
     * serves nobody, and this machine's init reaps orphans only about once a second.
     */
    private BootTime awaitPostmasterGone() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> !running(postmaster.pid()));
        return CLOCK.now();
    }

    private void assertStoppedImmediatelyAt(BootTime deadline, String scenario) throws Exception {
        BootTime gone = awaitPostmasterGone();
        LogLine fired = awaitLogLine(fenceLog, "sent SIGQUIT (immediate shutdown) to postmaster " + postmaster.pid());
        assertThat(fired.at()).as("fired at its deadline, not before").isGreaterThanOrEqualTo(deadline);
        assertThat(deadline.until(gone)).as("postmaster gone within the safety margin").isLessThan(MARGIN);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(pg.log()).contains("received immediate shutdown request"));
        System.out.printf("FENCE-TIMING %s: deadline %s, SIGQUIT at +%d ms, postmaster gone at +%d ms%n", scenario,
                deadline, deadline.until(fired.at()).toMillis(), deadline.until(gone).toMillis());
    }

    @Test
    void aDeadlineWithoutRenewalStopsThePostmaster() throws Exception {
        Fence fence = fence();
        BootTime deadline = CLOCK.now().plus(Duration.ofSeconds(2));

        fence.arm(deadline);
        assertThat(running(postmaster.pid())).isTrue();

        assertStoppedImmediatelyAt(deadline, "no renewal");
    }

    @Test
    void renewalsKeepItRunning() throws Exception {
        Fence fence = fence();
        BootTime first = CLOCK.now().plus(Duration.ofSeconds(2));
        fence.arm(first);
        BootTime last = first;

        while (CLOCK.now().isBefore(first.plusSeconds(3))) {
            BootTime renewal = CLOCK.now();
            last = renewal.plus(Duration.ofSeconds(2));
            fence.arm(last);
            awaitBootClock(renewal.plus(Duration.ofMillis(500)));
        }
        fence.disarm();
        awaitBootClock(last.plusSeconds(1));

        assertThat(running(postmaster.pid())).isTrue();
        assertThat(log(fenceLog)).extracting(LogLine::text).noneMatch(t -> t.contains("passed without renewal"));
    }

    @Test
    void disarmedItKeepsRunning() throws Exception {
        Fence fence = fence();
        BootTime deadline = CLOCK.now().plus(Duration.ofMillis(1500));

        fence.arm(deadline);
        fence.disarm();
        awaitBootClock(deadline.plusSeconds(1));

        assertThat(running(postmaster.pid())).isTrue();
    }

    @Test
    void aFrozenDaemonJvmDoesNotFreezeTheFence() throws Exception {
        Child child = child(3_000, "stop");

        await().atMost(PATIENCE).until(() -> state(child.process.pid()) == 'T');
        assertStoppedImmediatelyAt(child.deadline, "parent JVM frozen with SIGSTOP");
        assertThat(state(child.process.pid())).as("the daemon JVM was frozen throughout").isEqualTo('T');

        child.process.destroyForcibly();
        await().atMost(PATIENCE).until(() -> !isAlive(child.fencePid));
    }

    @Test
    void anOrphanedFenceEnforcesItsDeadlineThenExits() throws Exception {
        Child child = child(8_000, "wait");

        child.process.destroyForcibly();   // SIGKILL, as kill -9
        child.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        LogLine orphaned = awaitLogLine(fenceLog, "input closed (the daemon is gone)");
        assertThat(orphaned.at()).as("orphaned before its deadline").isLessThan(child.deadline);

        assertStoppedImmediatelyAt(child.deadline, "parent JVM killed with SIGKILL");
        await().atMost(PATIENCE).until(() -> !isAlive(child.fencePid));
    }

    @Test
    void aRestartedDaemonTakesOverFromTheFenceOfItsPreviousLife() throws Exception {
        Child child = child(8_000, "wait");
        child.process.destroyForcibly();
        child.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        FenceGuard restarted = new FenceGuard(FenceSpec.of(SCRIPT, pg.dataDir).withLog(Redirect.appendTo(fenceLog.toFile())),
                new WatchdogSettings(WatchdogMode.AUTOMATIC, WatchdogDriver.FENCE, WatchdogSettings.DEFAULT_DEVICE, 5, 30,
                        10));
        cleanup.add(restarted::close);

        assertThat(restarted.activate(CLOCK.now())).isTrue();   // it renewed the lock it still holds

        await().atMost(PATIENCE).until(() -> !isAlive(child.fencePid));
        assertThat(CLOCK.now()).as("retired before its deadline").isLessThan(child.deadline);
        awaitBootClock(child.deadline.plusSeconds(1));
        assertThat(running(postmaster.pid())).isTrue();
        restarted.close();
        assertThat(running(postmaster.pid())).isTrue();
    }

    /** A daemon JVM that armed the fence once: its process, the fence's pid and the deadline. */
    private record Child(Process process, long fencePid, BootTime deadline) {
    }

    private Child child(long deadlineMillis, String mode) throws Exception {
        String classpath = String.join(":", codeSource(FenceChild.class), codeSource(Fence.class));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", classpath, FenceChild.class.getName(),
                SCRIPT.toString(), pg.dataDir.toString(), fenceLog.toString(), String.valueOf(deadlineMillis), mode)
                .redirectError(Redirect.INHERIT).start();
        cleanup.add(p::destroyForcibly);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(line).startsWith("armed ");
        String[] words = line.split(" ");
        long fencePid = Long.parseLong(words[2]);
        cleanup.add(() -> ProcessHandle.of(fencePid).ifPresent(ProcessHandle::destroy));
        return new Child(p, fencePid, BootTime.parse(words[1]));
    }

    private static String codeSource(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static boolean running(long pid) {
        try {
            return state(pid) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The state letter of {@code /proc/PID/stat} ('T' stopped, 'S' sleeping, …). */
    private static char state(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
