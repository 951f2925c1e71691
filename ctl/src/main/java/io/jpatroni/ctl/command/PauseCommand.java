package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pause", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl pause demo --wait"},
        sortOptions = false, description = "Disable auto failover")
public final class PauseCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Option(names = "--wait", description = "Wait until pause is applied on all nodes")
    boolean await;

    @Override
    void execute(CtlContext ctx) throws InterruptedException {
        PauseToggle.toggle(ctx, ctx.clusterName(clusterName), true, await);
    }
}
