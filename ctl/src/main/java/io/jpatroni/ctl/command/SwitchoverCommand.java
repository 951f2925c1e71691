package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "switchover", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl switchover demo --leader node1 --candidate node2 --force",
                "  jpatronictl switchover demo --scheduled 2030-01-01T03:00"},
        sortOptions = false, description = "Switchover to a replica")
public final class SwitchoverCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Option(names = {"--leader", "--primary", "--master"}, paramLabel = "TEXT",
            description = "The name of the current leader")
    String leader;

    @Option(names = "--candidate", paramLabel = "TEXT", description = "The name of the candidate")
    String candidate;

    @Option(names = "--scheduled", paramLabel = "TEXT",
            description = "Timestamp of a scheduled switchover in unambiguous format (e.g. ISO 8601)")
    String scheduled;

    @Mixin
    Options.ForceOption force;

    @Override
    void execute(CtlContext ctx) {
        ManualFailover.run(ctx, new ManualFailover.Request("switchover", ctx.clusterName(clusterName), leader,
                candidate, force.force, scheduled));
    }
}
