package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resume", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl resume demo --wait"},
        sortOptions = false, description = "Resume auto failover")
public final class ResumeCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Option(names = "--wait", description = "Wait until pause is cleared on all nodes")
    boolean await;

    @Override
    void execute(CtlContext ctx) throws InterruptedException {
        PauseToggle.toggle(ctx, ctx.clusterName(clusterName), false, await);
    }
}
