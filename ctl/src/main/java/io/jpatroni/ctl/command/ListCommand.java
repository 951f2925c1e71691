package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.cluster.MembersTable;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.pycompat.PyTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl -c /etc/patroni/config.yml list",
                "  jpatronictl list demo --extended -f json",
                "  jpatronictl -d etcd3://127.0.0.1:2379 list demo -W"},
        sortOptions = false, description = "List the Patroni members for a given Patroni")
public final class ListCommand extends CtlCommand {
    @Parameters(arity = "0..*", paramLabel = "CLUSTER_NAMES")
    List<String> clusterNames = new ArrayList<>();

    @Option(names = {"-e", "--extended"}, description = "Show some extra information")
    boolean extended;

    @Option(names = {"-t", "--timestamp"}, description = "Print timestamp")
    boolean timestamp;

    @Mixin
    Options.FormatOption format;

    @Mixin
    Options.WatchOptions watch;

    @Override
    void execute(CtlContext ctx) throws InterruptedException {
        show(ctx, clusterNames, extended, timestamp, format.format(), watch.interval());
    }

    static void show(CtlContext ctx, List<String> names, boolean extended, boolean timestamp, Format format,
                     double interval) throws InterruptedException {
        List<String> clusters = names.isEmpty() ? ctx.scope().stream().toList() : names;
        if (clusters.isEmpty()) {
            // Python logging's asctime: milliseconds, three digits (timestamp() cuts one digit more than it says)
            ctx.err().println(PyTime.timestamp(LocalDateTime.now(), 4).replace('.', ',')
                    + " - WARNING - Listing members: No cluster names were provided");
            return;
        }
        boolean clear = interval > 0 && System.console() != null;
        while (true) {
            if (clear) {
                ctx.out().print("\033[2J\033[1;1H");
            }
            if (timestamp) {
                ctx.out().println(PyTime.timestamp(LocalDateTime.now(), 0));
            }
            for (String name : clusters) {
                ctx.out().println(MembersTable.render(ctx.store(name).read(), name, extended, format));
            }
            ctx.out().flush();
            if (interval <= 0) {
                return;
            }
            Thread.sleep((long) (interval * 1000));
        }
    }
}
