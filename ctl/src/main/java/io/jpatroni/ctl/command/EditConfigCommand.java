package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.render.PyYaml;
import io.jpatroni.ctl.render.UnifiedDiff;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "edit-config", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl edit-config",
                "  jpatronictl edit-config demo -s loop_wait=5 -p max_connections=200 --force",
                "  jpatronictl edit-config demo --apply changes.yml"},
        sortOptions = false, description = "Edit cluster configuration")
public final class EditConfigCommand extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Option(names = {"-q", "--quiet"}, description = "Do not show changes")
    boolean quiet;

    @Option(names = {"-s", "--set"}, paramLabel = "TEXT",
            description = "Set specific configuration value. Can be specified multiple times")
    List<String> set = new ArrayList<>();

    @Option(names = {"-p", "--pg"}, paramLabel = "TEXT", description = "Set specific PostgreSQL parameter value. "
            + "Shorthand for -s postgresql.parameters. Can be specified multiple times")
    List<String> pg = new ArrayList<>();

    @Option(names = "--apply", paramLabel = "TEXT", description = "Apply configuration from file. Use - for stdin.")
    String apply;

    @Option(names = "--replace", paramLabel = "TEXT",
            description = "Apply configuration from file, replacing existing configuration. Use - for stdin.")
    String replace;

    @Mixin
    Options.ForceOption force;

    @Override
    void execute(CtlContext ctx) throws IOException, InterruptedException {
        String name = ctx.clusterName(clusterName);
        ClusterStore dcs = ctx.store(name);
        Cluster cluster = dcs.read();
        Map<String, Object> data = ShowConfigCommand.configData(cluster);
        String before = PyYaml.dump(data);
        String after = null;
        Map<String, Object> changed = data;
        if (replace != null) {
            changed = ConfigEdits.patch(new LinkedHashMap<>(), readYaml(ctx, replace));
            after = PyYaml.dump(changed);
        }
        if (apply != null) {
            changed = ConfigEdits.patch(changed, readYaml(ctx, apply));
            after = PyYaml.dump(changed);
        }
        if (!set.isEmpty() || !pg.isEmpty()) {
            changed = ConfigEdits.applyPairs(changed, set, pg);
            after = PyYaml.dump(changed);
        }
        if (after == null) {
            after = Editor.edit(before, name);
            changed = asMap(parse(after));
        }
        if (data.equals(changed)) {
            if (!quiet) {
                ctx.out().println("Not changed");
            }
            return;
        }
        if (!quiet) {
            showDiff(ctx.out(), before, after, System.console() != null);
        }
        if (("-".equals(apply) || "-".equals(replace)) && !force.force) {
            ctx.out().println("Use --force option to apply changes");
            return;
        }
        if (force.force || ctx.prompter().confirm("Apply these changes?")) {
            OptionalLong revision = OptionalLong.of(cluster.config().map(ClusterConfig::modRevision).orElse(0L));
            if (!dcs.setConfigAsPatronictl(changed, revision)) {
                throw new CtlException("Config modification aborted due to concurrent changes");
            }
            ctx.out().println("Configuration changed");
        }
    }

    private static Object readYaml(CtlContext ctx, String file) throws IOException {
        String text = "-".equals(file) ? ctx.stdin().lines().collect(Collectors.joining("\n"))
                : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        return parse(text);
    }

    private static Object parse(String text) {
        try {
            return PyYaml.load(text);
        } catch (IllegalArgumentException e) {
            throw new CtlException("Invalid YAML: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        if (o == null) {
            return new LinkedHashMap<>();
        }
        if (!(o instanceof Map)) {
            throw new CtlException("The edited configuration is not a YAML mapping");
        }
        return (Map<String, Object>) o;
    }

    /** The unified diff; coloured (no pager) when stdout is a terminal. */
    static void showDiff(PrintStream out, String before, String after, boolean colour) {
        for (String line : UnifiedDiff.diff(before, after)) {
            if (!colour) {
                out.println(line);
            } else if (line.startsWith("@@")) {
                out.println("\033[36m" + line + "\033[0m");
            } else if (line.startsWith("-")) {
                out.println("\033[31m" + line + "\033[0m");
            } else if (line.startsWith("+")) {
                out.println("\033[32m" + line + "\033[0m");
            } else {
                out.println(line);
            }
        }
    }
}
