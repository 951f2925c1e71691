package io.jpatroni.watchdog.fence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for a postmaster in the script's unit tests: a sleeping Perl (Debian's essential {@code perl-base}) run
 * under a chosen name, so its {@code /proc/PID/comm} says {@code postgres} (or not), in a chosen directory, and a
 * {@code postmaster.pid} naming it. It dies of SIGQUIT, as a postmaster ends on an immediate shutdown. Perl, because
 * it can unblock SIGQUIT first: every JVM thread blocks it, children inherit the mask, and a real postmaster resets
 * its mask itself.
 */
final class FakePostmaster implements AutoCloseable {
    static final int SIGQUIT_EXIT = 128 + 3;

    final Process process;
    private final Path exe;

    private FakePostmaster(Process process, Path exe) {
        this.process = process;
        this.exe = exe;
    }

    /** A process named {@code name} running in {@code cwd}, registered in {@code dataDir}/postmaster.pid. */
    static FakePostmaster start(Path scratch, String name, Path cwd, Path dataDir) throws IOException {
        Path exe = Files.createTempDirectory(scratch, "bin-").resolve(name);
        Files.createSymbolicLink(exe, Path.of("/usr/bin/perl"));
        Process p = CleanStart.start(new ProcessBuilder(exe.toString(), "-e", "use POSIX;"
                + " sigprocmask(SIG_UNBLOCK, POSIX::SigSet->new(SIGQUIT)); $SIG{QUIT} = 'DEFAULT'; sleep 600")
                .directory(cwd.toFile()));
        Files.write(dataDir.resolve("postmaster.pid"), List.of(String.valueOf(p.pid()), dataDir.toString(), "0"));
        return new FakePostmaster(p, exe);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(exe);
    }
}
