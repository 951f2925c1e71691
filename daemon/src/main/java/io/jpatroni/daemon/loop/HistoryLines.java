package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.model.HistoryEntry;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Patroni's {@code update_cluster_history}: the {@code history} key is the timeline history file's lines, each keeping
 * the promotion time and new leader the key already knew; the newest line, if new, gets {@code promotedAt} and
 * {@code newLeader}. Pure; the executor reads the file and writes the key.
 */
final class HistoryLines {
    private HistoryLines() {
    }

    static List<HistoryLine> merge(List<HistoryEntry> entries, List<HistoryLine> known, String promotedAt,
                                   String newLeader) {
        List<HistoryLine> lines = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            HistoryEntry e = entries.get(i);
            boolean newest = i == entries.size() - 1;
            Optional<HistoryLine> same = known.stream().filter(k -> k.timeline() == e.timeline()).findFirst();
            lines.add(new HistoryLine(e.timeline(), e.lsn(), e.reason(),
                    same.flatMap(HistoryLine::timestamp).or(() -> newest ? Optional.of(promotedAt) : Optional.empty()),
                    same.flatMap(HistoryLine::newLeader).or(() -> newest ? Optional.of(newLeader) : Optional.empty())));
        }
        return lines;
    }
}
