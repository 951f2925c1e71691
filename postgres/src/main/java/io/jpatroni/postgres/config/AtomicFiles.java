package io.jpatroni.postgres.config;

import io.jpatroni.postgres.PostgresException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes a file through a temporary sibling, fsync and rename, so readers see the old or the new content. */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    public static void write(Path target, String content, Set<PosixFilePermission> mode) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode); // umask may have trimmed it
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new PostgresException("cannot write " + target + ": " + e, e);
        }
    }

    /**
     * Like {@link #write}, but an existing file keeps its permissions (Patroni rewrites configuration files in
     * place: a pg_hba.conf made 0640 by pg_createcluster stays so); {@code mode} is for a new file.
     */
    public static void writeKeepingMode(Path target, String content, Set<PosixFilePermission> mode) {
        Set<PosixFilePermission> keep = mode;
        try {
            if (Files.isRegularFile(target)) {
                keep = Files.getPosixFilePermissions(target);
            }
        } catch (IOException e) {
            keep = mode;
        }
        write(target, content, keep);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new PostgresException("cannot read " + file + ": " + e, e);
        }
    }
}
