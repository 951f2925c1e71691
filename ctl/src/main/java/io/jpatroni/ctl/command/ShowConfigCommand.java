package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.render.PyYaml;
import io.jpatroni.dcs.model.Cluster;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show-config", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl show-config"},
        sortOptions = false, description = "Show cluster configuration")
public final class ShowConfigCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Override
    void execute(CtlContext ctx) {
        ctx.out().println(PyYaml.dump(configData(ctx.store(ctx.clusterName(clusterName)).read())));
    }

    /** The {@code config} key as plain data ({@code {}} when absent). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> configData(Cluster cluster) {
        return cluster.config().map(c -> (Map<String, Object>) PyYaml.normalize(c.data()))
                .orElseGet(LinkedHashMap::new);
    }
}
