package io.jpatroni.postgres.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a postmaster runs on a data directory: postmaster.pid names a live process that is a
 * postgres whose working directory is that data directory (PostgreSQL chdirs into it).
 */
public final class PostmasterProbe {
    private static final Logger LOG = LoggerFactory.getLogger(PostmasterProbe.class);

    private PostmasterProbe() {
    }

    public static PostmasterStatus probe(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        String content;
        try {
            content = Files.readString(pidFile);
        } catch (NoSuchFileException e) {
            return new PostmasterStatus(PostmasterStatus.Kind.NOT_RUNNING, Optional.empty());
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", pidFile, e.toString());
            return new PostmasterStatus(PostmasterStatus.Kind.STALE_PID, Optional.empty());
        }
        PostmasterPid pid;
        try {
            pid = PostmasterPid.parse(content);
        } catch (IllegalArgumentException e) {
            // being written right now by a starting postmaster, or garbage
            LOG.warn("{} is not readable: {}", pidFile, e.getMessage());
            return new PostmasterStatus(PostmasterStatus.Kind.STALE_PID, Optional.empty());
        }
        boolean alive = isPostgresOn(pid.pid(), dataDir);
        return new PostmasterStatus(alive ? PostmasterStatus.Kind.RUNNING : PostmasterStatus.Kind.STALE_PID,
                Optional.of(pid));
    }

    static boolean isPostgresOn(long pid, Path dataDir) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Path cwd = Path.of("/proc", Long.toString(pid), "cwd");
        try {
            return Files.isSameFile(cwd.toRealPath(), dataDir.toRealPath());
        } catch (IOException | SecurityException e) {
            // not Linux, or another user's process: fall back to the program name
            return handle.get().info().command().map(c -> c.endsWith("postgres") || c.endsWith("postmaster"))
                    .orElse(false);
        }
    }
}
