package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.render.TableOutput.Format;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "topology", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl topology demo"},
        sortOptions = false, description = "Prints ASCII topology for given cluster")
public final class TopologyCommand extends CtlCommand {
    @Parameters(arity = "0..*", paramLabel = "CLUSTER_NAMES")
    List<String> clusterNames = new ArrayList<>();

    @Mixin
    Options.WatchOptions watch;

    @Override
    void execute(CtlContext ctx) throws InterruptedException {
        ListCommand.show(ctx, clusterNames, false, false, Format.TOPOLOGY, watch.interval());
    }
}
