package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "demote-cluster", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl demote-cluster demo --host 10.0.0.5 --port 5432 --force"},
        sortOptions = false, description = "Demote cluster to a standby cluster")
public final class DemoteClusterCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Mixin
    Options.ForceOption force;

    @Option(names = "--host", description = "Address of the remote node", paramLabel = "TEXT")
    String host;

    @Option(names = "--port", description = "Port of the remote node", paramLabel = "INTEGER")
    Integer port;

    @Option(names = "--restore-command", description = "Command to restore WAL records from the remote primary",
            paramLabel = "TEXT")
    String restoreCommand;

    @Option(names = "--primary-slot-name", description = "Name of the slot on the remote node to use for replication",
            paramLabel = "TEXT")
    String primarySlotName;

    @Override
    void execute(CtlContext ctx) throws InterruptedException {
        if (host == null && port == null && restoreCommand == null) {
            throw new CtlException("At least --host, --port or --restore-command should be specified");
        }
        Map<String, Object> standby = new LinkedHashMap<>();
        if (host != null) {
            standby.put("host", host);
        }
        if (port != null) {
            standby.put("port", port);
        }
        if (primarySlotName != null) {
            standby.put("primary_slot_name", primarySlotName);
        }
        if (restoreCommand != null) {
            standby.put("restore_command", restoreCommand);
        }
        ClusterRoleChange.change(ctx, ctx.clusterName(clusterName), force.force, Optional.of(standby));
    }
}
