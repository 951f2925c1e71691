package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.cluster.MembersTable;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.model.Cluster;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl remove demo"},
        sortOptions = false, description = "Remove cluster from DCS")
public final class RemoveCommand extends CtlCommand {
    static final String AWARE = "Yes I am aware";

    @Parameters(index = "0", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Mixin
    Options.FormatOption format;

    @Override
    void execute(CtlContext ctx) {
        ClusterStore dcs = ctx.store(clusterName);
        Cluster cluster = dcs.read();
        ctx.out().println(MembersTable.render(cluster, clusterName, false, format.format()));
        if (!ctx.prompter().prompt("Please confirm the cluster name to remove", Optional.empty())
                .equals(clusterName)) {
            throw new CtlException("Cluster names specified do not match");
        }
        String typed = ctx.prompter().prompt("You are about to remove all information in DCS for " + clusterName
                + ", please type: \"" + AWARE + "\"", Optional.empty());
        if (!typed.equals(AWARE)) {
            throw new CtlException("You did not exactly type \"" + AWARE + "\"");
        }
        Optional<String> leader = cluster.leaderName();
        if (leader.isPresent() && !ctx.prompter().prompt("This cluster currently is healthy. Please specify the "
                + "leader name to continue", Optional.empty()).equals(leader.get())) {
            throw new CtlException("You did not specify the current leader of the cluster");
        }
        dcs.deleteCluster();
    }
}
