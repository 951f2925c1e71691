package io.jpatroni.ctl.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpatroni.ctl.CtlContext;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "version", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl version",
                "  jpatronictl version demo node1"},
        sortOptions = false,
        description = "Output version of patronictl command or a running Patroni instance")
public final class VersionCommand extends CtlCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MEMBER_NAMES")
    List<String> memberNames = new ArrayList<>();

    @Override
    void execute(CtlContext ctx) {
        ctx.out().println("jpatronictl version " + version());
        if (clusterName == null || clusterName.isEmpty()) {
            return;
        }
        ctx.out().println();
        Cluster cluster = ctx.store(clusterName).read();
        for (Member m : cluster.members()) {
            if (m.apiUrl().isEmpty() || !memberNames.isEmpty() && !memberNames.contains(m.name())) {
                continue;
            }
            try {
                Optional<JsonNode> status = ctx.api().fetchStatus(URI.create(m.apiUrl().get()),
                        Duration.ofSeconds(10));
                if (status.isEmpty()) {
                    ctx.out().println(m.name() + ": failed to get version: no answer from " + m.apiUrl().get());
                    continue;
                }
                String patroni = status.get().path("patroni").path("version").asText("None");
                JsonNode pg = status.get().path("server_version");
                String pgText = pg.canConvertToInt() && pg.asInt() != 0 ? " PostgreSQL " + pgVersion(pg.asInt()) : "";
                ctx.out().println(m.name() + ": Patroni " + patroni + pgText);
            } catch (RuntimeException e) {
                ctx.out().println(m.name() + ": failed to get version: " + e.getMessage());
            }
        }
    }

    static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String pgVersion(int v) {
        return v < 100000 ? (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100) : (v / 10000) + "." + (v % 100);
    }
}
