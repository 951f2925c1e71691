package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.cluster.MembersTable;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.restclient.ApiResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which members a restart/reload/reinit/flush acts on (patronictl's {@code get_members}): those of the role, narrowed
 * to the names given, or asked for; then the confirmation question.
 */
final class MemberSelection {
    private MemberSelection() {
    }

    static List<Member> select(CtlContext ctx, Cluster cluster, String clusterName, List<String> names, String role,
                               boolean force, String action, boolean askConfirmation) {
        List<Member> members = Roles.members(cluster, role);
        Set<String> candidates = new LinkedHashSet<>();
        members.forEach(m -> candidates.add(m.name()));
        if (names.isEmpty() && candidates.isEmpty()) {
            throw new CtlException(clusterName + " cluster doesn't have any members");
        }
        ctx.out().println(MembersTable.render(cluster, clusterName, false, Format.PRETTY));
        List<String> chosen = new ArrayList<>();
        if (!names.isEmpty()) {
            names.stream().filter(candidates::contains).distinct().forEach(chosen::add);
            if (chosen.isEmpty()) {
                throw new CtlException("No " + role + " among provided members");
            }
        } else if (!action.equals("reinitialize")) {
            chosen.addAll(candidates);
        }
        if (chosen.isEmpty() && !force) {
            chosen.add(ctx.prompter().prompt("Which member do you want to " + action + " ["
                    + String.join(", ", candidates) + "]?", Optional.of("")));
        }
        for (String name : chosen) {
            if (!candidates.contains(name)) {
                throw new CtlException(name + " is not a member of cluster");
            }
        }
        List<Member> selected = members.stream().filter(m -> chosen.contains(m.name())).toList();
        if (askConfirmation) {
            confirm(ctx, selected, force, action, null);
        }
        return selected;
    }

    static void confirm(CtlContext ctx, List<Member> members, boolean force, String action, String scheduledAt) {
        if (force) {
            return;
        }
        String names = String.join(", ", members.stream().map(Member::name).toList());
        if (scheduledAt != null) {
            if (!ctx.prompter().confirm("Are you sure you want to schedule " + action + " of members " + names
                    + " at " + scheduledAt + "?")) {
                throw new CtlException("Aborted scheduled " + action);
            }
        } else if (!ctx.prompter().confirm("Are you sure you want to " + action + " members " + names + "?")) {
            throw new CtlException("Aborted " + action);
        }
    }

    /** patronictl's {@code check_response}. */
    static boolean check(CtlContext ctx, ApiResponse r, String member, String action, boolean silentSuccess) {
        if (r.status() >= 400) {
            ctx.out().println("Failed: " + action + " for member " + member + ", status code=" + r.status() + ", ("
                    + r.body() + ")");
            return false;
        }
        if (!silentSuccess) {
            ctx.out().println("Success: " + action + " for member " + member);
        }
        return true;
    }
}
