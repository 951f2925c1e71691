package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "promote-cluster", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl promote-cluster demo --force"},
        sortOptions = false, description = "Promote cluster, make it run standalone")
public final class PromoteClusterCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Mixin
    Options.ForceOption force;

    @Override
    void execute(CtlContext ctx) throws InterruptedException {
        ClusterRoleChange.change(ctx, ctx.clusterName(clusterName), force.force, Optional.empty());
    }
}
