package io.jpatroni.postgres.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The content of {@code postmaster.pid}; {@code status} is set from PostgreSQL 10 on ("ready", "starting"...). */
public record PostmasterPid(long pid, Path dataDir, long startEpochSeconds, OptionalInt port,
                            Optional<String> socketDir, Optional<String> listenAddress, Optional<String> status) {

    /** Pure parser; throws {@link IllegalArgumentException} when the file is truncated or garbage. */
    public static PostmasterPid parse(String content) {
        List<String> lines = content.lines().toList();
        if (lines.size() < 3) {
            throw new IllegalArgumentException("postmaster.pid too short: " + lines);
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            Path dir = Path.of(lines.get(1).strip());
            long start = Long.parseLong(lines.get(2).strip());
            OptionalInt port = lines.size() > 3 && !lines.get(3).isBlank()
                    ? OptionalInt.of(Integer.parseInt(lines.get(3).strip())) : OptionalInt.empty();
            return new PostmasterPid(pid, dir, start, port, line(lines, 4), line(lines, 5), line(lines, 7));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed postmaster.pid: " + lines, e);
        }
    }

    private static Optional<String> line(List<String> lines, int i) {
        return i < lines.size() && !lines.get(i).isBlank() ? Optional.of(lines.get(i).strip()) : Optional.empty();
    }
}
