package io.jpatroni.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.model.HistoryEntry;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Patroni's update_cluster_history: the file's lines, keeping what the key knew, the newest one dated. */
class HistoryLinesTest {
    private static final String REASON = "no recovery target specified";

    @Test
    void theNewestLineGetsThePromotionTimeAndTheNewLeaderKnownLinesKeepTheirs() {
        List<HistoryEntry> file = List.of(new HistoryEntry(1, 100, REASON), new HistoryEntry(2, 200, REASON),
                new HistoryEntry(3, 300, REASON));
        List<HistoryLine> known = List.of(
                new HistoryLine(2, 200, REASON, Optional.of("2026-11-21T10:00:00+00:00"), Optional.of("node1")));

        List<HistoryLine> lines = HistoryLines.merge(file, known, "2026-11-22T03:00:00.123456+00:00", "node2");

        assertThat(lines).containsExactly(
                new HistoryLine(1, 100, REASON, Optional.empty(), Optional.empty()),
                new HistoryLine(2, 200, REASON, Optional.of("2026-11-21T10:00:00+00:00"), Optional.of("node1")),
                new HistoryLine(3, 300, REASON, Optional.of("2026-11-22T03:00:00.123456+00:00"),
                        Optional.of("node2")));
    }

    @Test
    void aNewestLineTheKeyAlreadyDatedKeepsItsDate() {
        List<HistoryLine> known = List.of(
                new HistoryLine(1, 100, REASON, Optional.of("2026-11-21T10:00:00+00:00"), Optional.of("node1")));

        assertThat(HistoryLines.merge(List.of(new HistoryEntry(1, 100, REASON)), known, "later", "node2"))
                .isEqualTo(known);
    }
}
