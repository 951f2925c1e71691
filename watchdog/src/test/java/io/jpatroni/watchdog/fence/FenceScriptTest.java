package io.jpatroni.watchdog.fence;

import static io.jpatroni.watchdog.fence.FenceTesting.CLOCK;
import static io.jpatroni.watchdog.fence.FenceTesting.PATIENCE;
import static io.jpatroni.watchdog.fence.FenceTesting.SCRIPT;
import static io.jpatroni.watchdog.fence.FenceTesting.awaitBootClock;
import static io.jpatroni.watchdog.fence.FenceTesting.awaitLogLine;
import static io.jpatroni.watchdog.fence.FenceTesting.log;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jpatroni.watchdog.fence.FenceTesting.LogLine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
 * {@code bin/jpatroni-fence} itself, driven through {@link Fence} (and raw lines for the protocol), with stand-in
 * postmasters: its deadline, its renewals, its refusals to signal a process that is not this data directory's
 * postmaster, and its end of life. Deadlines are checked against the fence's own boot clock (its log).
 */
class FenceScriptTest {
    @TempDir
    Path scratch;

    private Path dataDir;
    private Path logFile;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        dataDir = Files.createDirectories(scratch.resolve("data"));
        logFile = scratch.resolve("fence.log");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private Fence fence() throws FenceException {
        Fence fence = Fence.start(FenceSpec.of(SCRIPT, dataDir).withLog(Redirect.appendTo(logFile.toFile())));
        cleanup.add(fence::retire);
        return fence;
    }

    private FakePostmaster postmaster() throws Exception {
        return track(FakePostmaster.start(scratch, "postgres", dataDir, dataDir));
    }

    private FakePostmaster track(FakePostmaster p) {
        cleanup.add(p);
        return p;
    }

    private static BootTime inSeconds(double seconds) {
        return CLOCK.now().plus(Duration.ofMillis((long) (seconds * 1000)));
    }

    @Test
    void speaksItsProtocolLineByLine() throws Exception {
        Process p = CleanStart.start(new ProcessBuilder("/bin/sh", SCRIPT.toString(), dataDir.toString())
                .redirectError(Redirect.appendTo(logFile.toFile())));
        cleanup.add(p::destroy);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream in = p.getOutputStream();
        in.write("status\narm 12x\narm 1 2\nfly\n\narm 999999.5\nstatus\ndisarm\n".getBytes(StandardCharsets.US_ASCII));
        in.close();

        List<String> lines = CompletableFuture.supplyAsync(() -> out.lines().toList()).get(30, TimeUnit.SECONDS);

        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).matches("ready " + p.pid() + " \\d+\\.\\d\\d");
        assertThat(lines.get(1)).matches("disarmed \\d+\\.\\d\\d");
        assertThat(lines.subList(2, 5)).containsExactly("error bad deadline: 12x ", "error bad deadline: 1 2",
                "error unknown command: fly");
        assertThat(lines.get(5)).matches("armed 999999\\.50 \\d+\\.\\d\\d");
        assertThat(lines.get(6)).matches("armed 999999\\.50 \\d+\\.\\d\\d");
        assertThat(lines.get(7)).matches("disarmed \\d+\\.\\d\\d");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void refusesToStartWithoutADataDirectory() throws Exception {
        Process p = new ProcessBuilder("/bin/sh", SCRIPT.toString(), scratch.resolve("none").toString()).start();

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("no such directory: " + scratch.resolve("none"));
        assertThatThrownBy(() -> Fence.start(FenceSpec.of(SCRIPT, scratch.resolve("none"))))
                .isInstanceOf(FenceException.class);
    }

    @Test
    void aPassedDeadlineStopsThePostmasterWithSigquit() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();
        BootTime deadline = inSeconds(1.5);

        FenceAck ack = fence.arm(deadline);
        assertThat(ack.state()).isEqualTo(FenceAck.State.ARMED);
        assertThat(ack.now()).isLessThan(deadline);
        assertThat(pm.process.isAlive()).isTrue();

        assertThat(pm.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(pm.process.exitValue()).isEqualTo(FakePostmaster.SIGQUIT_EXIT);
        LogLine fired = awaitLogLine(logFile, "sent SIGQUIT (immediate shutdown) to postmaster " + pm.process.pid());
        assertThat(fired.at()).isGreaterThanOrEqualTo(deadline);
        assertThat(fired.text()).startsWith("deadline " + deadline + " passed without renewal");
        awaitLogLine(logFile, "postmaster " + pm.process.pid() + " is gone");
        assertThat(fence.status().state()).isEqualTo(FenceAck.State.EXPIRED);
    }

    @Test
    void aDeadlineAlreadyPassedFiresAtOnce() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();

        fence.arm(new BootTime(CLOCK.now().centis() - 100));

        assertThat(pm.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(pm.process.exitValue()).isEqualTo(FakePostmaster.SIGQUIT_EXIT);
    }

    @Test
    void renewalsKeepPostgresRunning() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();
        BootTime firstDeadline = inSeconds(1.0);
        fence.arm(firstDeadline);
        BootTime lastDeadline = firstDeadline;

        while (CLOCK.now().isBefore(firstDeadline.plusSeconds(2))) {
            BootTime renewed = CLOCK.now();
            lastDeadline = renewed.plus(Duration.ofMillis(1000));
            assertThat(fence.arm(lastDeadline).state()).isEqualTo(FenceAck.State.ARMED);
            awaitBootClock(renewed.plus(Duration.ofMillis(300)));
        }
        fence.disarm();
        awaitBootClock(lastDeadline.plus(Duration.ofMillis(500)));

        assertThat(pm.process.isAlive()).isTrue();
        assertThat(log(logFile)).extracting(LogLine::text).noneMatch(t -> t.contains("passed without renewal"));
    }

    @Test
    void aNewDeadlineReplacesTheOldOne() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();
        BootTime early = inSeconds(1.0);

        fence.arm(early);
        fence.arm(inSeconds(60));
        awaitBootClock(early.plus(Duration.ofMillis(500)));

        assertThat(pm.process.isAlive()).isTrue();
    }

    @Test
    void disarmedItLeavesPostgresAlone() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();
        BootTime deadline = inSeconds(1.0);

        fence.arm(deadline);
        assertThat(fence.disarm().state()).isEqualTo(FenceAck.State.DISARMED);
        awaitBootClock(deadline.plus(Duration.ofMillis(700)));

        assertThat(pm.process.isAlive()).isTrue();
        assertThat(log(logFile)).extracting(LogLine::text).contains("disarmed")
                .noneMatch(t -> t.contains("passed without renewal"));
    }

    @Test
    void endOfInputWhileArmedEnforcesTheDeadlineThenExits() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();
        BootTime deadline = inSeconds(1.5);
        fence.arm(deadline);

        fence.abandon();

        awaitLogLine(logFile, "input closed (the daemon is gone): enforcing deadline " + deadline);
        assertThat(CLOCK.now().isBefore(deadline) ? fence.isAlive() && pm.process.isAlive() : true).isTrue();
        assertThat(pm.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(pm.process.exitValue()).isEqualTo(FakePostmaster.SIGQUIT_EXIT);
        await().atMost(PATIENCE).until(() -> !fence.isAlive());
        assertThat(awaitLogLine(logFile, "exiting"::equals).at()).isGreaterThanOrEqualTo(deadline);
    }

    @Test
    void endOfInputWhileDisarmedExitsAtOnce() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();
        fence.arm(inSeconds(1.0));
        fence.disarm();

        fence.abandon();

        await().atMost(PATIENCE).until(() -> !fence.isAlive());
        assertThat(pm.process.isAlive()).isTrue();
    }

    @Test
    void sigtermRetiresItAndItsTimer() throws Exception {
        FakePostmaster pm = postmaster();
        Fence fence = fence();
        BootTime deadline = inSeconds(1.5);
        fence.arm(deadline);

        fence.retire();

        assertThat(fence.isAlive()).isFalse();
        awaitLogLine(logFile, "retired by SIGTERM");
        awaitBootClock(deadline.plus(Duration.ofMillis(700)));
        assertThat(pm.process.isAlive()).isTrue();
    }

    @Test
    void startedFromTheMainThreadItCanStillBeSignalled() throws Exception {
        assertThat(Thread.currentThread().getName()).isEqualTo("main");
        Fence fence = fence();

        String blocked = Files.readAllLines(Path.of("/proc/" + fence.pid() + "/status")).stream()
                .filter(l -> l.startsWith("SigBlk:")).findFirst().orElseThrow();

        long mask = Long.parseUnsignedLong(blocked.substring("SigBlk:".length()).trim(), 16);
        assertThat(mask & (1L << (15 - 1))).as("SIGTERM blocked in " + blocked).isZero();
        assertThat(mask & (1L << (3 - 1))).as("SIGQUIT blocked in " + blocked).isZero();
    }

    @Test
    void sigintAndSighupAreIgnored() throws Exception {
        Fence fence = fence();

        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(fence.pid())).start().waitFor()).isZero();
        assertThat(new ProcessBuilder("kill", "-HUP", String.valueOf(fence.pid())).start().waitFor()).isZero();

        assertThat(fence.status().state()).isEqualTo(FenceAck.State.DISARMED);
    }

    @Test
    void aReusedPidIsNotSignalled() throws Exception {
        FakePostmaster other = track(FakePostmaster.start(scratch, "sleep", dataDir, dataDir));
        Fence fence = fence();

        fence.arm(inSeconds(0.5));

        LogLine refused = awaitLogLine(logFile, "nothing to stop");
        assertThat(refused.text()).endsWith("process " + other.process.pid() + " of postmaster.pid is 'sleep', not a"
                + " postmaster: left alone");
        assertThat(other.process.isAlive()).isTrue();
        assertThat(other.process.isAlive()).isTrue();
    }

    @Test
    void aPostmasterOfAnotherDataDirectoryIsNotSignalled() throws Exception {
        Path elsewhere = Files.createDirectories(scratch.resolve("other-data")).toRealPath();
        FakePostmaster other = track(FakePostmaster.start(scratch, "postgres", elsewhere, dataDir));
        Fence fence = fence();

        fence.arm(inSeconds(0.5));

        LogLine refused = awaitLogLine(logFile, "nothing to stop");
        assertThat(refused.text()).endsWith("runs in " + elsewhere + ", not in " + dataDir.toRealPath()
                + ": left alone");
        assertThat(other.process.isAlive()).isTrue();
    }

    @Test
    void aStoppedPostgresIsReportedNotSignalled() throws Exception {
        Fence fence = fence();
        fence.arm(inSeconds(0.3));
        awaitLogLine(logFile, "nothing to stop: no postmaster.pid: PostgreSQL is not running");

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.write(dataDir.resolve("postmaster.pid"), List.of(String.valueOf(gone.pid()), dataDir.toString()));
        fence.arm(inSeconds(0.3));

        awaitLogLine(logFile, "process " + gone.pid() + " of postmaster.pid is gone: PostgreSQL is not running");
    }
}
