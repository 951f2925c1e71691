package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyTime;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", footerHeading = "%nExamples:%n",
        footer = {"  jpatronictl restart demo node2",
                "  jpatronictl restart demo --pending --force",
                "  jpatronictl restart demo node1 --scheduled 2030-01-01T03:00"},
        sortOptions = false, description = "Restart cluster member")
public final class RestartCommand extends CtlCommand {
    @Parameters(index = "0", paramLabel = "CLUSTER_NAME")
    String clusterName;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MEMBER_NAMES")
    List<String> memberNames = new ArrayList<>();

    @Option(names = {"-r", "--role"}, defaultValue = "any", paramLabel = "ROLE",
            description = "Restart only members with this role")
    String role;

    @Option(names = "--any", description = "Restart a single member only")
    boolean any;

    @Option(names = "--scheduled", paramLabel = "TEXT",
            description = "Timestamp of a scheduled restart in unambiguous format (e.g. ISO 8601)")
    String scheduled;

    @Option(names = "--pg-version", paramLabel = "TEXT",
            description = "Restart if the PostgreSQL version is less than provided (e.g. 9.5.2)")
    String version;

    @Option(names = "--pending", description = "Restart if pending")
    boolean pending;

    @Option(names = "--timeout", paramLabel = "TEXT",
            description = "Return error and fail over if necessary when restarting takes longer than this.")
    String timeout;

    @Mixin
    Options.ForceOption force;

    @Override
    void execute(CtlContext ctx) throws IOException {
        Roles.check(role);
        Cluster cluster = ctx.store(clusterName).read();
        List<Member> members = new ArrayList<>(MemberSelection.select(ctx, cluster, clusterName, memberNames,
                role, force.force, "restart", false));
        String when = scheduled;
        if (when == null && !force.force) {
            String nextHour = LocalDateTime.now().plusHours(1).format(DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm"));
            when = ctx.prompter().prompt("When should the restart take place (e.g. " + nextHour + ") ",
                    Optional.of("now"));
        }
        Optional<OffsetDateTime> at = Schedule.parse(when);
        MemberSelection.confirm(ctx, members, force.force, "restart", at.map(PyTime::isoformat).orElse(null));
        if (any) {
            Collections.shuffle(members);
            members = members.subList(0, Math.min(1, members.size()));
        }
        String pgVersion = version;
        if (pgVersion == null && !force.force) {
            pgVersion = ctx.prompter().prompt("Restart if the PostgreSQL version is less than provided (e.g. 9.5.2) ",
                    Optional.of(""));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        if (pending) {
            content.put("restart_pending", true);
        }
        if (pgVersion != null && !pgVersion.isEmpty()) {
            checkVersion(pgVersion);
            content.put("postgres_version", pgVersion);
        }
        if (at.isPresent()) {
            if (cluster.isPaused()) {
                throw new CtlException("Can't schedule restart in the paused state");
            }
            content.put("schedule", PyTime.isoformat(at.get()));
        }
        if (timeout != null) {
            content.put("timeout", timeout);
        }
        for (Member member : members) {
            if (content.containsKey("schedule") && force.force && member.scheduledRestart().isPresent()) {
                ApiResponse r = MemberApi.request(ctx, member, "DELETE", "restart", null);
                MemberSelection.check(ctx, r, member.name(), "flush scheduled restart", true);
            }
            ApiResponse r = MemberApi.request(ctx, member, "POST", "restart", content);
            switch (r.status()) {
                case 200 -> ctx.out().println("Success: restart on member " + member.name());
                case 202 -> ctx.out().println("Success: restart scheduled on member " + member.name());
                case 409 -> ctx.out().println("Failed: another restart is already scheduled on member "
                        + member.name());
                default -> ctx.out().println("Failed: restart for member " + member.name() + ", status code="
                        + r.status() + ", (" + r.body() + ")");
            }
        }
    }

    /** Patroni's {@code postgres_version_to_int} validation. */
    static void checkVersion(String v) {
        String[] parts = v.split("\\.", -1);
        int[] c = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                c[i] = Integer.parseInt(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            throw new CtlException("Invalid PostgreSQL version: " + v);
        }
        if (c.length < 2 || c.length == 2 && c[0] < 10 || c.length > 3) {
            throw new CtlException("Invalid PostgreSQL version format: X.Y or X.Y.Z is accepted: " + v);
        }
    }
}
