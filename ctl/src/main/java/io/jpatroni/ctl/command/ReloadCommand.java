package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reload", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl reload demo",
                "  jpatronictl reload demo node2 --force"},
        sortOptions = false, description = "Reload cluster member configuration")
public final class ReloadCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MEMBER_NAMES")
    List<String> memberNames = new ArrayList<>();

    @Option(names = {"-r", "--role"}, defaultValue = "any", paramLabel = "ROLE",
            description = "Reload only members with this role")
    String role;

    @Mixin
    Options.ForceOption force;

    @Override
    void execute(CtlContext ctx) throws IOException {
        Roles.check(role);
        Cluster cluster = ctx.store(clusterName).read();
        List<Member> members = MemberSelection.select(ctx, cluster, clusterName, memberNames, role,
                force.force, "reload", true);
        Object loopWait = cluster.config().map(c -> c.data().get("loop_wait")).orElse(null);
        for (Member member : members) {
            ApiResponse r = MemberApi.request(ctx, member, "POST", "reload", null);
            if (r.status() == 200) {
                ctx.out().println("No changes to apply on member " + member.name());
            } else if (r.status() == 202) {
                ctx.out().println("Reload request received for member " + member.name()
                        + " and will be processed within " + (loopWait == null ? "None" : loopWait) + " seconds");
            } else {
                ctx.out().println("Failed: reload for member " + member.name() + ", status code=" + r.status()
                        + ", (" + r.body() + ")");
            }
        }
    }
}
