package io.jpatroni.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpatroni.ctl.CtlContext;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reinit", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl reinit demo node3",
                "  jpatronictl reinit demo node3 --force --wait"},
        sortOptions = false, description = "Reinitialize cluster member")
public final class ReinitCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MEMBER_NAMES")
    List<String> memberNames = new ArrayList<>();

    @Mixin
    Options.ForceOption force;

    @Option(names = "--wait", description = "Wait until reinitialization completes")
    boolean await;

    @Override
    void execute(CtlContext ctx) throws IOException, InterruptedException {
        Cluster cluster = ctx.store(clusterName).read();
        List<Member> members = MemberSelection.select(ctx, cluster, clusterName, memberNames, "replica",
                force.force, "reinitialize", true);
        List<Member> waitOn = new ArrayList<>();
        for (Member member : members) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("force", force.force);
            boolean started;
            while (true) {
                ApiResponse r = MemberApi.request(ctx, member, "POST", "reinitialize", body);
                started = MemberSelection.check(ctx, r, member.name(), "reinitialize", false);
                if (!started && r.body().endsWith(" already in progress") && !force.force
                        && ctx.prompter().confirm("Do you want to cancel it and reinitialize anyway?")) {
                    body.put("force", true);
                    continue;
                }
                break;
            }
            if (started && await) {
                waitOn.add(member);
            }
        }
        List<Member> shown = new ArrayList<>();
        while (!waitOn.isEmpty()) {
            if (!waitOn.equals(shown)) {
                ctx.out().println("Waiting for reinitialize to complete on: "
                        + String.join(", ", waitOn.stream().map(Member::name).toList()));
                ctx.out().flush();
                shown = new ArrayList<>(waitOn);
            }
            Thread.sleep(2000);
            for (Member member : new ArrayList<>(waitOn)) {
                Optional<JsonNode> status = ctx.api().fetchStatus(MemberApi.uri(member, "patroni"),
                        Duration.ofSeconds(10));
                if (status.isPresent() && !"creating replica".equals(status.get().path("state").asText())) {
                    ctx.out().println("Reinitialize is completed on: " + member.name());
                    waitOn.remove(member);
                }
            }
        }
    }
}
