package io.jpatroni.watchdog.fence.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 15 postmaster in a scratch directory: initdb, then pg_ctl start on a Unix socket only (no TCP).
 * Stopped (immediate) by {@link #close()} if still running.
 */
final class PgServer implements AutoCloseable {
    static final Path BIN = Path.of(System.getProperty("jpatroni.pg.bin", "/usr/lib/postgresql/15/bin"));

    final Path dataDir;
    final Path serverLog;

    private PgServer(Path dataDir, Path serverLog) {
        this.dataDir = dataDir;
        this.serverLog = serverLog;
    }

    static void assumeAvailable() {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "PostgreSQL does not run as root");
        assumeTrue(Files.isExecutable(BIN.resolve("postgres")), "no PostgreSQL binaries in " + BIN);
    }

    /** An initialized and running server under {@code scratch}. */
    static PgServer start(Path scratch) throws IOException, InterruptedException {
        Path dataDir = scratch.resolve("data");
        Path socketDir = Files.createDirectories(scratch.resolve("sock"));
        run(BIN.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", "postgres", "--auth", "trust",
                "--no-sync");
        PgServer pg = new PgServer(dataDir.toRealPath(), scratch.resolve("server.log"));
        run(BIN.resolve("pg_ctl").toString(), "start", "-w", "-t", "120", "-D", dataDir.toString(), "-l",
                pg.serverLog.toString(), "-o", "-c listen_addresses='' -c unix_socket_directories='" + socketDir
                        + "' -p " + freePort() + " -c fsync=off -c shared_buffers=16MB -c max_connections=10");
        return pg;
    }

    /** The postmaster, while one runs for this data directory. */
    Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    }

    boolean isRunning() throws IOException {
        return postmaster().isPresent();
    }

    String log() throws IOException {
        return Files.readString(serverLog);
    }

    /** Stops a postmaster the test left running; one already gone (or going) is fine. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (isRunning()) {
                run(BIN.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-w", "-D", dataDir.toString());
            }
        } catch (IOException e) {
            // nothing left to stop
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
