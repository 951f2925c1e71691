package io.jpatroni.daemon.mgmt;

import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Member;
import java.util.List;
import java.util.Optional;

/**
 * Patroni's {@code is_failover_possible} of the REST API. Members are judged from their DCS keys (running,
 * no {@code nofailover} tag) instead of one {@code GET /patroni} round trip each.
 */
public final class FailoverChecks {
    private FailoverChecks() {
    }

    /** A failover key that asks for something (Patroni's falsy {@code Failover} has neither leader nor candidate). */
    public static boolean isActive(Failover f) {
        return f.leader().isPresent() || f.candidate().isPresent();
    }

    static Optional<String> refusal(Cluster cluster, Optional<String> leader, Optional<String> candidate,
                                    String action) {
        if (leader.isPresent() && !cluster.leaderName().equals(leader)) {
            return Optional.of("leader name does not match");
        }
        List<Member> members;
        boolean sync = cluster.isSynchronousMode();
        if (candidate.isPresent()) {
            if ("switchover".equals(action) && sync && !listed(cluster, candidate.get())) {
                return Optional.of("candidate name does not match with sync_standby");
            }
            members = cluster.member(candidate.get()).stream().toList();
            if (members.isEmpty()) {
                return Optional.of("candidate does not exists");
            }
        } else if (sync) {
            members = cluster.members().stream().filter(m -> listed(cluster, m.name())).toList();
            if (members.isEmpty()) {
                return Optional.of(action + " is not possible: can not find sync_standby");
            }
        } else {
            members = cluster.members().stream()
                    .filter(m -> !cluster.leaderName().filter(m.name()::equals).isPresent() && m.apiUrl().isPresent())
                    .toList();
            if (members.isEmpty()) {
                return Optional.of(action + " is not possible: cluster does not have members except leader");
            }
        }
        if (members.stream().anyMatch(FailoverChecks::canTakeOver)) {
            return Optional.empty();
        }
        return Optional.of(action + " is not possible: no good candidates have been found");
    }

    /** The {@code sync} key names {@code name} as a synchronous standby. */
    private static boolean listed(Cluster cluster, String name) {
        return cluster.sync().filter(k -> k.matches(name)).isPresent();
    }

    static boolean canTakeOver(Member m) {
        return m.isRunning() && !m.noFailover();
    }
}
