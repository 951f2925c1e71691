package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "failover", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl failover demo --candidate node2",
                "  jpatronictl failover demo --candidate node2 --force"},
        sortOptions = false, description = "Failover to a replica")
public final class FailoverCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Option(names = {"--leader", "--primary", "--master"}, paramLabel = "TEXT",
            description = "The name of the current leader")
    String leader;

    @Option(names = "--candidate", paramLabel = "TEXT", description = "The name of the candidate")
    String candidate;

    @Mixin
    Options.ForceOption force;

    @Override
    void execute(CtlContext ctx) {
        String action = leader != null && !leader.isEmpty() ? "switchover" : "failover";
        ManualFailover.run(ctx, new ManualFailover.Request(action, ctx.clusterName(clusterName), leader, candidate,
                force.force, null));
    }
}
