package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pause}/{@code resume}: {@code PATCH /config {"pause": true|null}} to the first member that answers, leader
 * first, as patronictl. When no member answers, or the member's API has no {@code /config} endpoint, the
 * {@code config} key is changed directly with compare-and-set (jpatroni addition).
 */
final class PauseToggle {
    private static final Logger LOG = LoggerFactory.getLogger("jpatronictl");

    private PauseToggle() {
    }

    static void toggle(CtlContext ctx, String clusterName, boolean paused, boolean wait) throws InterruptedException {
        ClusterStore dcs = ctx.store(clusterName);
        Cluster cluster = dcs.read();
        if (cluster.isPaused() == paused) {
            throw new CtlException("Cluster is " + (paused ? "already" : "not") + " paused");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pause", paused ? Boolean.TRUE : null);
        for (Member member : leaderFirst(cluster)) {
            ApiResponse r;
            try {
                r = MemberApi.request(ctx, member, "PATCH", "config", body);
            } catch (IOException e) {
                LOG.warn("{}", e.toString());
                LOG.warn("Member {} is not accessible", member.name());
                continue;
            }
            if (r.status() == 404 || r.status() == 405 || r.status() == 501) {
                LOG.warn("Member {} has no PATCH /config ({}), changing the DCS directly", member.name(), r.status());
                break;
            }
            if (r.status() == 200) {
                done(ctx, dcs, cluster, paused, wait);
            } else {
                ctx.out().println("Failed: " + (paused ? "pause" : "resume") + " cluster management status code="
                        + r.status() + ", (" + r.body() + ")");
            }
            return;
        }
        writeDcs(dcs, cluster, paused);
        done(ctx, dcs, cluster, paused, wait);
    }

    private static void done(CtlContext ctx, ClusterStore dcs, Cluster old, boolean paused, boolean wait)
            throws InterruptedException {
        if (wait) {
            waitApplied(ctx, dcs, old, paused);
        } else {
            ctx.out().println("Success: cluster management is " + (paused ? "paused" : "resumed"));
        }
    }

    /** patronictl's {@code get_all_members_leader_first}: members with an API URL, the leader first. */
    static List<Member> leaderFirst(Cluster cluster) {
        List<Member> out = new ArrayList<>();
        String leader = cluster.leader().flatMap(l -> l.member()).filter(m -> m.apiUrl().isPresent())
                .map(Member::name).orElse(null);
        if (leader != null) {
            out.add(cluster.leader().get().member().get());
        }
        cluster.members().stream().filter(m -> m.apiUrl().isPresent() && !m.name().equals(leader)).forEach(out::add);
        return out;
    }

    private static void writeDcs(ClusterStore dcs, Cluster cluster, boolean paused) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, Object> data = ShowConfigCommand.configData(cluster);
            if (paused) {
                data.put("pause", true);
            } else {
                data.remove("pause");
            }
            long revision = cluster.config().map(ClusterConfig::modRevision).orElse(0L);
            if (dcs.setConfigAsPatronictl(data, OptionalLong.of(revision))) {
                return;
            }
            cluster = dcs.read();
        }
        throw new CtlException("Config modification aborted due to concurrent changes");
    }

    private static void waitApplied(CtlContext ctx, ClusterStore dcs, Cluster old, boolean paused)
            throws InterruptedException {
        ctx.out().println("'" + (paused ? "pause" : "resume") + "' request sent, waiting until it is recognized by "
                + "all nodes");
        ctx.out().flush();
        Map<String, Long> before = new HashMap<>();
        old.members().stream().filter(m -> m.apiUrl().isPresent()).forEach(m -> before.put(m.name(),
                m.modRevision()));
        Object lw = old.config().map(c -> c.data().get("loop_wait")).orElse(null);
        long loopWait = lw instanceof Number n ? n.longValue() : 10;
        long deadline = System.nanoTime() + (loopWait + 1) * 1_000_000_000L;
        Cluster cluster = old;
        while (System.nanoTime() < deadline) {
            cluster = dcs.read();
            boolean all = cluster.members().stream().filter(m -> before.containsKey(m.name()))
                    .allMatch(m -> Boolean.TRUE.equals(m.data().get("pause")) == paused);
            if (all) {
                ctx.out().println("Success: cluster management is " + (paused ? "paused" : "resumed"));
                return;
            }
            Thread.sleep(1000);
        }
        List<String> remaining = cluster.members().stream().filter(m -> before.containsKey(m.name())
                && Boolean.TRUE.equals(m.data().get("pause")) != paused && before.get(m.name()) != m.modRevision())
                .map(Member::name).toList();
        if (!remaining.isEmpty()) {
            ctx.out().println(String.join(", ", remaining) + " members didn't recognized pause state after "
                    + loopWait + " seconds");
            return;
        }
        ctx.out().println("Success: cluster management is " + (paused ? "paused" : "resumed"));
    }
}
