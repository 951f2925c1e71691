package io.jpatroni.postgres;

import io.jpatroni.postgres.process.PostmasterProbe;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Safety checks and destructive operations on a data directory; all refuse while a postmaster runs on it. */
public final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private final Path dir;

    public DataDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public boolean isEmpty() {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new PostgresException("cannot list data directory " + dir + ": " + e, e);
        }
    }

    /** The directory holds a cluster (PG_VERSION and global/pg_control). */
    public boolean hasCluster() {
        return Files.exists(dir.resolve("PG_VERSION")) && Files.exists(dir.resolve("global/pg_control"));
    }

    /** For initdb or a new replica: absent or empty, owned by us, and its parent writable. */
    public void requireUsableEmpty(String purpose) {
        String me = System.getProperty("user.name");
        try {
            if (Files.exists(dir)) {
                String owner = Files.getOwner(dir).getName();
                if (!owner.equals(me)) {
                    throw new PostgresException("cannot " + purpose + ": data directory " + dir + " is owned by "
                            + owner + ", not by " + me);
                }
                if (!isEmpty()) {
                    throw new PostgresException("cannot " + purpose + ": data directory " + dir + " is not empty");
                }
            } else {
                Path ancestor = dir.toAbsolutePath().getParent();
                while (ancestor != null && !Files.exists(ancestor)) {
                    ancestor = ancestor.getParent();
                }
                if (ancestor == null || !Files.isWritable(ancestor)) {
                    throw new PostgresException("cannot " + purpose + ": cannot create data directory " + dir
                            + " (" + ancestor + " is not writable by " + me + ")");
                }
            }
        } catch (IOException e) {
            throw new PostgresException("cannot " + purpose + ": cannot inspect " + dir + ": " + e, e);
        }
    }

    /** Deletes the whole directory, following a pg_wal symlink to delete the WAL directory's content too. */
    public void remove() {
        requireNoPostmaster("remove");
        LOG.info("Removing data directory: {}", dir);
        try {
            Path wal = dir.resolve("pg_wal");
            if (Files.isSymbolicLink(wal)) {
                Path target = Files.readSymbolicLink(wal);
                deleteTree(wal.getParent().resolve(target), true);
            }
            deleteTree(dir, false);
        } catch (IOException e) {
            throw new PostgresException("cannot remove data directory " + dir + ": " + e, e);
        }
    }

    /**
     * Renames to {@code <data_dir>.failed} as Patroni does after a failed bootstrap, replacing an older
     * {@code .failed} directory, so that repeated failures keep exactly one. A symlinked pg_wal directory is
     * renamed the same way and the link re-pointed.
     */
    public Path moveAside() {
        requireNoPostmaster("move aside");
        Path target = failedName(dir);
        try {
            Path wal = dir.resolve("pg_wal");
            if (Files.isSymbolicLink(wal)) {
                Path walTarget = wal.getParent().resolve(Files.readSymbolicLink(wal));
                Path walAside = failedName(walTarget);
                LOG.info("renaming WAL directory and updating symlink: {}", walTarget);
                deleteTree(walAside, false);
                Files.move(walTarget, walAside);
                Files.delete(wal);
                Files.createSymbolicLink(wal, walAside);
            }
            LOG.info("renaming data directory to {}", target);
            deleteTree(target, false);
            Files.move(dir, target);
            return target;
        } catch (IOException e) {
            throw new PostgresException("cannot move data directory " + dir + " to " + target + ": " + e, e);
        }
    }

    private static Path failedName(Path p) {
        return p.resolveSibling(p.getFileName() + ".failed");
    }

    private void requireNoPostmaster(String what) {
        if (PostmasterProbe.probe(dir).isRunning()) {
            throw new PostgresException("refusing to " + what + " " + dir + ": a postmaster is running on it");
        }
    }

    private static void deleteTree(Path root, boolean keepRoot) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                if (!keepRoot || !d.equals(root)) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
