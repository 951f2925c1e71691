package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyTime;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "flush", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl flush demo node1 restart",
                "  jpatronictl flush demo switchover --force"},
        sortOptions = false, description = "Discard scheduled events")
public final class FlushCommand extends CtlCommand {
    private static final Logger LOG = LoggerFactory.getLogger("jpatronictl");

    @Parameters(index = "0", paramLabel = "CLUSTER_NAME")
    String clusterName;

    /** Member names followed by the target ({@code restart} or {@code switchover}). */
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "[MEMBER_NAMES]... {restart|switchover}")
    List<String> rest = new ArrayList<>();

    @Option(names = {"-r", "--role"}, defaultValue = "any", paramLabel = "ROLE",
            description = "Flush only members with this role")
    String role;

    @Mixin
    Options.ForceOption force;

    @Override
    void execute(CtlContext ctx) throws IOException {
        Roles.check(role);
        String target = rest.get(rest.size() - 1);
        if (!target.equals("restart") && !target.equals("switchover")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "Invalid value for 'TARGET': '" + target + "' is not one of 'restart', 'switchover'.");
        }
        List<String> names = rest.subList(0, rest.size() - 1);
        ClusterStore dcs = ctx.store(clusterName);
        Cluster cluster = dcs.read();
        if (target.equals("restart")) {
            for (Member m : MemberSelection.select(ctx, cluster, clusterName, names, role, force.force,
                    "flush", true)) {
                if (m.scheduledRestart().isPresent()) {
                    ApiResponse r = MemberApi.request(ctx, m, "DELETE", "restart", null);
                    MemberSelection.check(ctx, r, m.name(), "flush scheduled restart", false);
                } else {
                    ctx.out().println("No scheduled restart for member " + m.name());
                }
            }
            return;
        }
        Optional<Failover> failover = cluster.failover();
        if (failover.isEmpty() || failover.get().scheduledAt().isEmpty()) {
            ctx.out().println("No pending scheduled switchover");
            return;
        }
        for (Member m : PauseToggle.leaderFirst(cluster)) {
            try {
                ApiResponse r = MemberApi.request(ctx, m, "DELETE", "switchover", null);
                if (r.status() == 200 || r.status() == 404) {
                    ctx.out().println((r.status() == 200 ? "Success" : "Failed") + ": " + r.body());
                    return;
                }
                ctx.out().println("Failed: member=" + m.name() + ", status_code=" + r.status() + ", (" + r.body()
                        + ")");
            } catch (IOException e) {
                LOG.warn("{}", e.toString());
                LOG.warn("Member {} is not accessible", m.name());
            }
        }
        LOG.warn("Failing over to DCS");
        ctx.out().println(PyTime.timestamp(LocalDateTime.now(), 6) + " Could not find any accessible member of "
                + "cluster " + clusterName);
        if (!dcs.setFailover(Failover.cleared(), OptionalLong.of(failover.get().modRevision()))) {
            throw new CtlException("The failover key changed meanwhile; nothing flushed");
        }
    }
}
