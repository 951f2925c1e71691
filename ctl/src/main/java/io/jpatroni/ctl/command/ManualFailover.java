package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.Prompter;
import io.jpatroni.ctl.cluster.ClusterJson;
import io.jpatroni.ctl.cluster.MembersTable;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyTime;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code switchover} and {@code failover} as patronictl 3.0.2 runs them: show the topology, check (or ask for) the
 * leader, the candidate and the time, confirm, then {@code POST /switchover|/failover} to the leader (the candidate
 * when there is no leader); if the API cannot be reached, write the {@code failover} key instead.
 */
final class ManualFailover {
    private static final Logger LOG = LoggerFactory.getLogger("jpatronictl");

    /** What the user asked for; null fields were not given on the command line. */
    record Request(String action, String clusterName, String leader, String candidate, boolean force,
                   String scheduled) {
    }

    /** The checked request: who steps down (may be null for a failover), who takes over, when. */
    record Plan(String leader, String candidate, Optional<OffsetDateTime> scheduledAt) {
    }

    private ManualFailover() {
    }

    static void run(CtlContext ctx, Request req) {
        ClusterStore dcs = ctx.store(req.clusterName());
        Cluster loaded = dcs.read();
        Cluster cluster = loaded;
        ctx.out().println("Current cluster topology");
        ctx.out().println(MembersTable.render(cluster, req.clusterName(), false, Format.PRETTY));
        Plan plan = plan(cluster, req, ctx.prompter(), LocalDateTime.now());
        confirm(req, plan, ctx.prompter());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leader", plan.leader());
        body.put("candidate", plan.candidate());
        body.put("scheduled_at", plan.scheduledAt().map(PyTime::isoformat).orElse(null));
        Optional<Member> target = cluster.leader().flatMap(l -> l.member())
                .or(() -> Optional.ofNullable(plan.candidate()).flatMap(loaded::member));
        try {
            Member member = target.orElseThrow(() -> new IOException("no member to send the request to"));
            ApiResponse r = MemberApi.request(ctx, member, "POST", req.action(), body);
            if (r.status() == 501 && req.action().equals("switchover")
                    && r.body().contains("Server does not support this operation")) {
                r = MemberApi.request(ctx, member, "POST", "failover", body);
            }
            if (r.status() != 200 && r.status() != 202) {
                ctx.out().println(title(req.action()) + " failed, details: " + r.status() + ", " + r.body());
                return;
            }
            cluster = dcs.read();
            ctx.out().println(PyTime.timestamp(LocalDateTime.now(), 6) + " " + r.body());
        } catch (IOException e) {
            LOG.warn("{}", e.toString());
            LOG.warn("Failing over to DCS");
            ctx.out().println(PyTime.timestamp(LocalDateTime.now(), 6) + " Could not " + req.action()
                    + " using Patroni api, falling back to DCS");
            dcs.setFailover(failover(plan), OptionalLong.empty());
        }
        ctx.out().println(MembersTable.render(cluster, req.clusterName(), false, Format.PRETTY));
    }

    /** The checks and prompts, in patronictl's order; pure apart from the prompter. */
    static Plan plan(Cluster cluster, Request req, Prompter prompter, LocalDateTime now) {
        String action = req.action();
        Optional<String> current = cluster.leaderName();
        if (action.equals("switchover") && current.isEmpty()) {
            throw new CtlException("This cluster has no leader");
        }
        String leader = req.leader();
        if (leader == null) {
            if (req.force() || action.equals("failover")) {
                leader = current.orElse(null);
            } else {
                boolean standby = cluster.config().map(c -> ClusterJson.isStandbyCluster(c.data()
                        .get("standby_cluster"))).orElse(false);
                leader = prompter.prompt(standby ? "Standby Leader" : "Primary", Optional.of(current.get()));
            }
        }
        if (leader != null && current.isPresent() && !current.get().equals(leader)) {
            throw new CtlException("Member " + leader + " is not the leader of cluster " + req.clusterName());
        }
        String from = leader;
        List<String> candidates = cluster.members().stream().filter(m -> !m.name().equals(from) && !m.noFailover())
                .map(Member::name).sorted().toList();
        if (candidates.isEmpty()) {
            throw new CtlException("No candidates found to " + action + " to");
        }
        String candidate = req.candidate();
        if (candidate == null && !req.force()) {
            candidate = prompter.prompt("Candidate " + pyList(candidates), Optional.of(""));
        }
        if (action.equals("failover") && (candidate == null || candidate.isEmpty())) {
            throw new CtlException("Failover could be performed only to a specific candidate");
        }
        if (candidate != null && candidate.equals(leader)) {
            throw new CtlException(title(action) + " target and source are the same.");
        }
        if (candidate != null && !candidate.isEmpty() && !candidates.contains(candidate)) {
            throw new CtlException("Member " + candidate + " does not exist in cluster " + req.clusterName());
        }
        Optional<OffsetDateTime> at = Optional.empty();
        if (action.equals("switchover")) {
            String scheduled = req.scheduled();
            if (scheduled == null && !req.force()) {
                String nextHour = now.plusHours(1).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
                scheduled = prompter.prompt("When should the switchover take place (e.g. " + nextHour + " ) ",
                        Optional.of("now"));
            }
            at = Schedule.parse(scheduled);
            if (at.isPresent() && cluster.isPaused()) {
                throw new CtlException("Can't schedule switchover in the paused state");
            }
        }
        return new Plan(leader, candidate == null || candidate.isEmpty() ? null : candidate, at);
    }

    private static void confirm(Request req, Plan plan, Prompter prompter) {
        if (req.force()) {
            return;
        }
        String demote = plan.leader() != null ? ", demoting current leader " + plan.leader() : "";
        if (plan.scheduledAt().isPresent()) {
            if (!prompter.confirm("Are you sure you want to schedule " + req.action() + " of cluster "
                    + req.clusterName() + " at " + PyTime.isoformat(plan.scheduledAt().get()) + demote + "?")) {
                throw new CtlException("Aborting scheduled " + req.action());
            }
        } else if (!prompter.confirm("Are you sure you want to " + req.action() + " cluster " + req.clusterName()
                + demote + "?")) {
            throw new CtlException("Aborting " + req.action());
        }
    }

    /** The {@code failover} key patronictl writes when the API is unreachable (its {@code dcs.manual_failover}). */
    static Failover failover(Plan plan) {
        return Failover.of(Optional.ofNullable(plan.leader()).filter(l -> !l.isEmpty()),
                Optional.ofNullable(plan.candidate()), plan.scheduledAt());
    }

    static String pyList(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    static String title(String action) {
        return Character.toUpperCase(action.charAt(0)) + action.substring(1);
    }
}
