package io.jpatroni.ctl.cluster;

import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyTime;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster as the list/topology views see it (Patroni's {@code cluster_as_json}): members sorted by name with
 * their display role (leader, standby_leader, sync_standby, replica), host/port from {@code conn_url}, optional
 * timeline, pending/scheduled restart, tags, and the lag in bytes behind the leader's last known LSN.
 */
public final class ClusterJson {
    private ClusterJson() {
    }

    /** One member; {@code lag} is a Long, the string {@code "unknown"}, or absent for the leader. */
    public static Map<String, Object> of(Cluster cluster) {
        Optional<String> leaderName = cluster.leader().map(l -> l.name());
        long clusterLsn = cluster.lastLsn();
        List<Map<String, Object>> members = new ArrayList<>();
        for (Member m : cluster.members()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", m.name());
            out.put("role", role(cluster, m, leaderName));
            Object state = m.data().get("state");
            out.put("state", state == null ? "" : state);
            out.put("api_url", m.apiUrl().orElse(null));
            hostPort(m).ifPresent(hp -> {
                out.put("host", hp.host());
                out.put("port", hp.port());
            });
            for (String key : List.of("timeline", "pending_restart", "scheduled_restart", "tags")) {
                if (m.data().containsKey(key)) {
                    out.put(key, m.data().get(key));
                }
            }
            if (leaderName.isEmpty() || !m.name().equals(leaderName.get())) {
                var lsn = m.xlogLocation();
                if (lsn.isEmpty()) {
                    out.put("lag", "unknown");
                } else {
                    out.put("lag", clusterLsn >= lsn.getAsLong() ? clusterLsn - lsn.getAsLong() : 0L);
                }
            }
            members.add(out);
        }
        members.sort(Comparator.comparing(m -> (String) m.get("name")));
        Map<String, Object> ret = new LinkedHashMap<>();
        ret.put("members", members);
        if (cluster.isPaused()) {
            ret.put("pause", true);
        }
        cluster.failover().filter(f -> f.scheduledAt().isPresent()).ifPresent(f -> ret.put("scheduled_switchover",
                scheduled(f)));
        return ret;
    }

    private static Map<String, Object> scheduled(Failover f) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("at", PyTime.isoformat(f.scheduledAt().orElseThrow()));
        f.leader().filter(x -> !x.isEmpty()).ifPresent(l -> s.put("from", l));
        f.candidate().filter(x -> !x.isEmpty()).ifPresent(c -> s.put("to", c));
        return s;
    }

    private static String role(Cluster cluster, Member m, Optional<String> leaderName) {
        if (leaderName.isPresent() && m.name().equals(leaderName.get())) {
            boolean configured = cluster.config().map(c -> c.modRevision() != 0).orElse(false);
            return configured && isStandbyCluster(cluster.config().get().data().get("standby_cluster"))
                    ? "standby_leader" : "leader";
        }
        return cluster.standbyRole(m.name());
    }

    /** Patroni's {@code is_standby_cluster}: a standby_cluster map with host, port or restore_command. */
    public static boolean isStandbyCluster(Object standby) {
        if (standby instanceof Map<?, ?> m) {
            return m.get("host") != null && !"".equals(m.get("host")) || m.get("port") != null
                    || m.get("restore_command") != null && !"".equals(m.get("restore_command"));
        }
        return false;
    }

    /** Host and port of a member's {@code conn_url} (port 5432 when the URL has none). */
    public record HostPort(String host, long port) {
    }

    public static Optional<HostPort> hostPort(Member m) {
        Optional<String> url = m.connUrl().filter(u -> !u.isEmpty());
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(url.get());
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                return Optional.empty();
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return Optional.of(new HostPort(host.toLowerCase(java.util.Locale.ROOT),
                    uri.getPort() > 0 ? uri.getPort() : 5432));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
