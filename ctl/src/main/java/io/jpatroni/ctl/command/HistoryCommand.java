package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.render.TableOutput;
import io.jpatroni.dcs.model.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "history", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl history",
                "  jpatronictl history demo -f json"},
        sortOptions = false, description = "Show the history of failovers/switchovers")
public final class HistoryCommand extends CtlCommand {
    static final List<String> COLUMNS = List.of("TL", "LSN", "Reason", "Timestamp", "New Leader");

    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Mixin
    Options.FormatOption format;

    @Override
    void execute(CtlContext ctx) {
        Cluster cluster = ctx.store(ctx.clusterName(clusterName)).read();
        ctx.out().println(render(cluster, format.format()));
    }

    static String render(Cluster cluster, TableOutput.Format format) {
        return TableOutput.render(COLUMNS, rows(cluster), Map.of("TL", "r", "LSN", "r"), format, null);
    }

    /** The history lines as stored (JSON types kept), short lines padded with empty cells. */
    static List<List<Object>> rows(Cluster cluster) {
        List<List<Object>> rows = new ArrayList<>();
        if (cluster.history().isEmpty()) {
            return rows;
        }
        Object parsed;
        try {
            parsed = Json.parse(cluster.history().get().rawValue());
        } catch (RuntimeException e) {
            return rows;
        }
        if (parsed instanceof List<?> lines) {
            for (Object line : lines) {
                if (line instanceof List<?> l) {
                    List<Object> row = new ArrayList<>(l);
                    while (row.size() < COLUMNS.size()) {
                        row.add("");
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
