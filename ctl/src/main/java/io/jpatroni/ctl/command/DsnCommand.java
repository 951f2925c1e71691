package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.cluster.ClusterJson;
import io.jpatroni.dcs.model.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dsn", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl dsn",
                "  jpatronictl dsn demo --role replica"},
        sortOptions = false,
        description = "Generate a dsn for the provided member, defaults to a dsn of the leader")
public final class DsnCommand extends CtlCommand {
    @Option(names = {"-r", "--role"}, paramLabel = "ROLE", description = "Give a dsn of any member with this role")
    String role;

    @Option(names = {"-m", "--member"}, paramLabel = "TEXT", description = "Generate a dsn for this member")
    String member;

    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Override
    void execute(CtlContext ctx) {
        if (member != null && role != null) {
            throw new CtlException("--role and --member are mutually exclusive options");
        }
        String r = member != null ? "any" : role == null ? "leader" : Roles.check(role);
        var cluster = ctx.store(ctx.clusterName(clusterName)).read();
        Member m = Roles.members(cluster, r).stream().filter(x -> member == null || x.name().equals(member))
                .findFirst().orElseThrow(() -> new CtlException("Can not find a suitable member"));
        var hp = ClusterJson.hostPort(m).orElseThrow(() -> new CtlException("Can not find a suitable member"));
        ctx.out().println("host=" + hp.host() + " port=" + hp.port());
    }
}
