package io.jpatroni.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void absentOrEmptyIsUsableAndNotEmptyIsRefused() throws Exception {
        new DataDirectory(tmp.resolve("a/b/data")).requireUsableEmpty("bootstrap");
        Files.createDirectories(tmp.resolve("data"));
        new DataDirectory(tmp.resolve("data")).requireUsableEmpty("bootstrap");
        Files.writeString(tmp.resolve("data/x"), "x");
        assertThatThrownBy(() -> new DataDirectory(tmp.resolve("data")).requireUsableEmpty("create replica"))
                .hasMessage("cannot create replica: data directory " + tmp.resolve("data") + " is not empty");
    }

    @Test
    void unwritableParentIsRefused() {
        assertThatThrownBy(() -> new DataDirectory(Path.of("/proc/jpatroni/data")).requireUsableEmpty("bootstrap"))
                .hasMessageContaining("cannot create data directory /proc/jpatroni/data (/proc is not writable");
    }

    @Test
    void removeFollowsWalSymlinkAndKeepsTheWalDirectory() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path wal = Files.createDirectories(tmp.resolve("wal"));
        Files.writeString(wal.resolve("000000010000000000000001"), "w");
        Files.createSymbolicLink(data.resolve("pg_wal"), wal);
        Files.createDirectories(data.resolve("base/1"));
        Files.writeString(data.resolve("base/1/1234"), "d");
        new DataDirectory(data).remove();
        assertThat(data).doesNotExist();
        assertThat(wal).isEmptyDirectory();
    }

    @Test
    void moveAsideUsesPatroniSuffixAndKeepsOnlyOne() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("first"), "1");
        Path aside = new DataDirectory(data).moveAside();
        assertThat(data).doesNotExist();
        assertThat(aside).isEqualTo(tmp.resolve("data.failed"));
        assertThat(aside.resolve("first")).hasContent("1");

        Files.createDirectories(data);
        Files.writeString(data.resolve("second"), "2");
        new DataDirectory(data).moveAside();
        assertThat(aside.resolve("second")).hasContent("2");
        assertThat(aside.resolve("first")).doesNotExist();
        try (var entries = Files.list(tmp)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("data.failed");
        }
    }

    @Test
    void moveAsideMovesSymlinkedWalToo() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path wal = Files.createDirectories(tmp.resolve("wal"));
        Files.writeString(wal.resolve("000000010000000000000001"), "x");
        Files.createSymbolicLink(data.resolve("pg_wal"), wal);
        Path aside = new DataDirectory(data).moveAside();
        assertThat(wal).doesNotExist();
        assertThat(tmp.resolve("wal.failed").resolve("000000010000000000000001")).exists();
        assertThat(Files.readSymbolicLink(aside.resolve("pg_wal"))).isEqualTo(tmp.resolve("wal.failed"));
    }
}
