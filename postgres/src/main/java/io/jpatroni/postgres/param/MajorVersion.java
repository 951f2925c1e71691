package io.jpatroni.postgres.param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A PostgreSQL major version as {@code server_version_num} rounds it: 90600 for 9.6, 150000 for 15. Read from a
 * data directory's {@code PG_VERSION}, or from {@code postgres --version} before there is one.
 */
public record MajorVersion(int num) implements Comparable<MajorVersion> {
    public static final MajorVersion V9_6 = new MajorVersion(90600);
    public static final MajorVersion V10 = new MajorVersion(100000);
    public static final MajorVersion V12 = new MajorVersion(120000);
    public static final MajorVersion V13 = new MajorVersion(130000);

    public MajorVersion {
        if (num < 90000 || num % 100 != 0) {
            throw new IllegalArgumentException("not a PostgreSQL major version number: " + num);
        }
    }

    /** From {@code server_version_num} or a full version number: 150004 and 150000 give 15, 90624 gives 9.6. */
    public static MajorVersion ofVersionNum(int versionNum) {
        return new MajorVersion(versionNum >= 100000 ? versionNum / 10000 * 10000 : versionNum / 100 * 100);
    }

    /** "9.6", "15" (PG_VERSION's content) or "15.4". */
    public static MajorVersion parse(String text) {
        String[] parts = text.strip().split("\\.");
        try {
            int first = Integer.parseInt(parts[0]);
            if (first >= 10) {
                return new MajorVersion(first * 10000);
            }
            if (parts.length < 2) {
                throw new IllegalArgumentException("not a PostgreSQL major version: '" + text.strip() + "'");
            }
            return new MajorVersion(first * 10000 + Integer.parseInt(parts[1]) * 100);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a PostgreSQL major version: '" + text.strip() + "'", e);
        }
    }

    /** The major version in {@code dataDir/PG_VERSION}; empty when there is no such file. */
    public static Optional<MajorVersion> ofDataDirectory(Path dataDir) {
        Path file = dataDir.resolve("PG_VERSION");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the PostgreSQL version from " + file + ": " + e.getMessage(),
                    e);
        }
    }

    public boolean isAtLeast(MajorVersion other) {
        return num >= other.num;
    }

    public boolean isBefore(MajorVersion other) {
        return num < other.num;
    }

    @Override
    public int compareTo(MajorVersion o) {
        return Integer.compare(num, o.num);
    }

    /** "9.6", "15". */
    @Override
    public String toString() {
        return num >= 100000 ? Integer.toString(num / 10000) : num / 10000 + "." + num / 100 % 100;
    }
}
