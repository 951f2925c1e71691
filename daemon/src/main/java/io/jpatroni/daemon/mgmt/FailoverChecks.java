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
        if (candidate.isPresent()) {
            members = cluster.member(candidate.get()).stream().toList();
            if (members.isEmpty()) {
                return Optional.of("candidate does not exists");
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

    static boolean canTakeOver(Member m) {
        return m.isRunning() && !m.noFailover();
    }
}
