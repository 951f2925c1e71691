package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyTime;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Patroni 4.1's {@code demote-cluster} / {@code promote-cluster}: {@code PATCH /config} on the leader with the
 * {@code standby_cluster} section (demotion) or without it ({@code null}, promotion), then wait until the leader's member
 * key shows the new role ({@code standby_leader}, or {@code primary} / {@code master}).
 */
final class ClusterRoleChange {
    private ClusterRoleChange() {
    }

    /** @param standby the section to write when demoting; empty to promote */
    static void change(CtlContext ctx, String clusterName, boolean force, Optional<Map<String, Object>> standby)
            throws InterruptedException {
        boolean demote = standby.isPresent();
        String what = demote ? "demotion" : "promotion";
        ClusterStore dcs = ctx.store(clusterName);
        Cluster cluster = dcs.read();
        Optional<Member> leader = cluster.leader().flatMap(l -> l.member());
        if (leader.isEmpty()) {
            throw new CtlException("Cluster has no leader, " + what + " is not possible");
        }
        if (demote ? isStandbyLeader(leader.get()) : isPrimary(leader.get())) {
            throw new CtlException("Cluster is already in the required state");
        }
        if (!force && !ctx.prompter().confirm("Are you sure you want to " + (demote ? "demote" : "promote") + " "
                + clusterName + " cluster?")) {
            throw new CtlException("Aborted cluster " + what);
        }
        boolean configured = cluster.config().map(c -> c.data().get("standby_cluster") instanceof Map<?, ?>)
                .orElse(false);
        if (demote != configured) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("standby_cluster", standby.orElse(null));
            ApiResponse r;
            try {
                r = MemberApi.request(ctx, leader.get(), "PATCH", "config", body);
            } catch (IOException e) {
                throw new CtlException("Failed to " + (demote ? "demote" : "promote") + " cluster: " + e.getMessage());
            }
            if (r.status() != 200) {
                throw new CtlException("Failed to " + (demote ? "demote" : "promote") + " cluster: status code "
                        + r.status() + ", (" + r.body() + ")");
            }
        }
        long ttl = cluster.config().map(c -> c.data().get("ttl")).filter(Number.class::isInstance)
                .map(n -> ((Number) n).longValue()).orElse(30L);
        long deadline = System.nanoTime() + ttl * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<Member> now = dcs.read().leader().flatMap(l -> l.member());
            if (now.isPresent() && (demote ? isStandbyLeader(now.get()) : isPrimary(now.get()))) {
                ctx.out().println(PyTime.timestamp(LocalDateTime.now(), 6) + " cluster is successfully "
                        + (demote ? "demoted" : "promoted"));
                return;
            }
            Thread.sleep(1000);
        }
        throw new CtlException(PyTime.timestamp(LocalDateTime.now(), 6) + " cluster " + what + " timed out");
    }

    private static boolean isStandbyLeader(Member m) {
        return m.role().filter("standby_leader"::equals).isPresent();
    }

    private static boolean isPrimary(Member m) {
        return m.role().filter(r -> r.equals("primary") || r.equals("master")).isPresent();
    }
}
