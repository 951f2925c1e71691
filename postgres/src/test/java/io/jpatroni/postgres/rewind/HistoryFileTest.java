package io.jpatroni.postgres.rewind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.Lsn;
import io.jpatroni.postgres.TestResources;
import org.junit.jupiter.api.Test;

class HistoryFileTest {
    @Test
    void parsesCapturedHistoryFile() {
        HistoryFile h = HistoryFile.parse(TestResources.read("pg15/00000003.history"));
        assertThat(h.entries()).hasSize(2);
        assertThat(h.entries().get(0).parentTimeline()).isEqualTo(1);
        assertThat(h.entries().get(1).parentTimeline()).isEqualTo(2);
        assertThat(h.entries().get(0).reason()).isEqualTo("no recovery target specified");
        assertThat(h.entries().get(0).switchPoint()).isLessThan(h.entries().get(1).switchPoint());
    }

    @Test
    void skipsCommentsAndBlankLines() {
        HistoryFile h = HistoryFile.parse("# comment\n\n1\t0/5000000\tbefore 2000-01-01\n");
        assertThat(h.entries()).containsExactly(
                new HistoryFile.Entry(1, Lsn.parse("0/5000000"), "before 2000-01-01"));
    }

    @Test
    void rejectsMalformedLine() {
        assertThatThrownBy(() -> HistoryFile.parse("1\tnot-an-lsn\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-lsn");
    }
}
