package io.jpatroni.postgres.rewind;

import io.jpatroni.postgres.Lsn;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of a timeline history file ({@code 00000003.history}), as pg_rewind planning reads them (the cluster's
 * history in the DCS is another thing: {@code dcs.model.TimelineHistory}).
 */
public record HistoryFile(List<Entry> entries) {
    public HistoryFile {
        entries = List.copyOf(entries);
    }

    /** One line: the parent timeline, where the child timeline branched off it, and the reason text. */
    public record Entry(int parentTimeline, long switchPoint, String reason) {
    }

    /** Pure parser: comments and blank lines are skipped, malformed lines rejected. */
    public static HistoryFile parse(String content) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : content.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException("malformed timeline history line: '" + raw + "'");
            }
            try {
                entries.add(new Entry(Integer.parseInt(parts[0]), Lsn.parse(parts[1]),
                        parts.length > 2 ? parts[2].strip() : ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed timeline history line: '" + raw + "'", e);
            }
        }
        return new HistoryFile(entries);
    }
}
