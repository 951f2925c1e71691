package io.jpatroni.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemProcessRunnerTest {
    private final SystemProcessRunner runner = new SystemProcessRunner();

    @Test
    void keepsTheTailOfBothStreamsAndTheExitCode() {
        ProcessResult r = runner.run(Command.of(Duration.ofSeconds(10), List.of("sh", "-c",
                "for i in $(seq 1 50); do echo out$i; done; echo err >&2; printf 'p1\\rp2\\r' >&2; exit 4")));
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdoutTail().lines()).hasSize(Command.DEFAULT_TAIL).last().isEqualTo("out50");
        assertThat(r.stderrTail()).isEqualTo("err\np2\n");
    }

    @Test
    void passesEnvironmentAndKillsOnTimeout() {
        ProcessResult env = runner.run(Command.of(Duration.ofSeconds(10), List.of("sh", "-c", "echo $X"))
                .withEnv(Map.of("X", "y")));
        assertThat(env.stdoutTail()).isEqualTo("y\n");
        long t0 = System.nanoTime();
        ProcessResult slow = runner.run(Command.of(Duration.ofMillis(300), List.of("sleep", "30")));
        assertThat(slow.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    /**
     * A child inherits the signal mask of the thread that forks it, and the JVM's threads block SIGQUIT (its own
     * main thread whatever its launcher blocked). OpenJDK 17's process launch (posix_spawn, vfork or fork alike)
     * clears the mask in the child, measured from the main thread and from a started thread of a JVM whose parent
     * blocked every signal: a script's SIGTERM from a timeout or a cancel is delivered, its traps run. This test
     * keeps that true for every child the daemon starts (pg_ctl, pg_basebackup, pg_rewind, callbacks, hooks).
     */
    @Test
    void childrenStartWithSigtermSigintAndSighupDeliverable() {
        ProcessResult mask = runner.run(Command.of(Duration.ofSeconds(10), List.of("sh", "-c",
                "sed -n 's/^SigBlk:[[:space:]]*//p' /proc/self/status")));
        long blocked = Long.parseUnsignedLong(mask.stdoutTail().trim(), 16);
        long hupIntTerm = (1L << (1 - 1)) | (1L << (2 - 1)) | (1L << (15 - 1));
        assertThat(blocked & hupIntTerm).as("SigBlk %x", blocked).isZero();

        long t0 = System.nanoTime();
        ProcessResult slow = runner.run(Command.of(Duration.ofMillis(300), List.of("sh", "-c", "sleep 30; exit 0")));
        assertThat(slow.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("ended by SIGTERM, not the SIGKILL 5 s later")
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void cancelKillsOnlyCancellableCommandsAndTheirChildren() throws Exception {
        var result = new java.util.concurrent.CompletableFuture<ProcessResult>();
        Thread t = new Thread(() -> result.complete(runner.run(Command.of(Duration.ofSeconds(60),
                List.of("sh", "-c", "sleep 30; echo done")).asCancellable())));
        t.start();
        var other = new java.util.concurrent.CompletableFuture<ProcessResult>();
        Thread t2 = new Thread(() -> other.complete(runner.run(Command.of(Duration.ofSeconds(60),
                List.of("sh", "-c", "sleep 1; echo survived")))));
        t2.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        runner.cancel();
        ProcessResult r = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.cancelled()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(other.get(10, java.util.concurrent.TimeUnit.SECONDS).stdoutTail()).isEqualTo("survived\n");
        assertThat(new ProcessFailedException("clone failed", Command.of(Duration.ofSeconds(1), List.of("x")), r))
                .hasMessageContaining("was cancelled");
    }

    @Test
    void missingProgramIsAClearError() {
        assertThatThrownBy(() -> runner.run(Command.of(Duration.ofSeconds(1), List.of("/nonexistent/initdb"))))
                .isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("cannot start initdb: `/nonexistent/initdb` could not be run");
    }
}
