package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.FailsafeFacts;
import io.jpatroni.daemon.model.FailsafePing;
import io.jpatroni.daemon.model.FailsafeRound;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Leader;
import io.jpatroni.dcs.model.Member;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * DCS failsafe mode ({@code failsafe_mode}, Patroni's {@code docs/dcs_failsafe_mode.rst}): the leader keeps the
 * {@code failsafe} key listing every member; when the DCS cannot be reached the primary stays primary only while
 * every other member of that key confirms it over {@code POST /failsafe}, and a replica that hears from the primary
 * keeps following it even when the leader key is gone. Only members of the key may race for the lock.
 */
public final class FailsafeRules {
    private FailsafeRules() {
    }

    /**
     * The {@code dcs-unreachable} row's failsafe branch for a running primary (Patroni's {@code _handle_dcs_error}
     * with {@code check_failsafe_topology}): with failsafe mode on, the key listing this node, and every other member
     * of the key having accepted this cycle's round, go on leading until the round's start + ttl. Empty: demote.
     */
    public static Optional<Decision> keepLeading(ClusterView view, LocalState local) {
        if (!view.settings().failsafeMode() || !local.isRunningPrimary()) {
            return Optional.empty();
        }
        FailsafeFacts facts = local.failsafe();
        Optional<Map<String, String>> topology = facts.topology();
        if (topology.isEmpty() || !topology.get().containsKey(view.me()) || facts.round().isEmpty()) {
            return Optional.empty();
        }
        FailsafeRound round = facts.round().get();
        boolean everyoneAsked = topology.get().keySet().stream()
                .allMatch(name -> name.equals(view.me()) || round.answers().containsKey(name));
        if (!everyoneAsked || !round.allAccepted()) {
            return Optional.empty();
        }
        Instant until = round.startedAt().plus(view.settings().ttl());
        return Optional.of(Decision.of(new Action.ExtendLeadershipByFailsafe(round.startedAt(), until),
                HaMessages.CONTINUE_AS_LEADER_FAILSAFE));
    }

    /**
     * Whether the loop should ask the other members of the key this cycle: the facts {@link #keepLeading} needs,
     * gathered only when they can change the decision.
     */
    public static boolean needsRound(ClusterView view, Observation observation, Optional<Map<String, String>> key) {
        return !view.reachable() && view.settings().failsafeMode() && !view.cluster().isPaused()
                && observation.isRunning()
                && !observation.inRecovery() && key.filter(k -> k.containsKey(view.me())).isPresent();
    }

    /**
     * Patroni's rule in {@code is_healthiest_node}: with failsafe mode on and a {@code failsafe} key that lists
     * members, a node missing from it may not race for the lock (it may be one the primary never asked). A running
     * primary and a named candidate are judged before this rule, as in Patroni.
     */
    public static boolean mayRace(ClusterView view) {
        if (!view.settings().failsafeMode()) {
            return true;
        }
        Optional<Map<String, String>> key = view.cluster().failsafe();
        return key.isEmpty() || key.get().isEmpty() || key.get().containsKey(view.me());
    }

    /**
     * Patroni's {@code load_cluster_from_dcs} with {@code Failsafe.update_cluster}: the DCS answered but nobody holds
     * the lock, failsafe mode is on and a primary sent {@code POST /failsafe} within ttl: that primary leads (its
     * leader key expired because it cannot reach the DCS, not because it is gone), so follow it instead of racing.
     * Its member key may have expired too: the ping's {@code conn_url} and {@code api_url} stand in for it. Not for
     * a node running as a primary itself (it was promoted since, and the ping is from before).
     */
    public static ClusterView withPingedLeader(ClusterView view, Optional<FailsafePing> ping, Observation observation,
                                               Instant now) {
        if (!view.reachable() || !view.isUnlocked() || !view.settings().failsafeMode() || ping.isEmpty()
                || ping.get().name().equals(view.me()) || !ping.get().isFresh(now, view.settings().ttl())
                || observation.isRunning() && !observation.inRecovery()) {
            return view;
        }
        FailsafePing p = ping.get();
        Cluster c = view.cluster();
        List<Member> members = new ArrayList<>(c.members());
        Member leader = c.member(p.name()).orElseGet(() -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("conn_url", p.connUrl());
            data.put("api_url", p.apiUrl());
            Member remote = new Member(p.name(), 0, OptionalLong.empty(), data);
            members.add(remote);
            return remote;
        });
        Cluster pinged = new Cluster(c.initialize(), c.config(), Optional.of(new Leader(0, p.name(),
                Optional.of(leader))), c.status(), members, c.failover(), c.sync(), c.history(), c.failsafe());
        return new ClusterView(pinged, view.settings(), true);
    }

    /**
     * The leader's {@code failsafe} key (Patroni's {@code _failsafe_config}, written with each lock renewal when it
     * changed): {@code {name: api_url}} of every member that has an API URL, this node included. With failsafe mode
     * off, a key left from before is deleted: jpatroni's own step. Patroni (3.0.2 and 4.x) only ever writes the key,
     * so its nodes go on serving a stale key on {@code GET /failsafe}; deleting it gives the 502 that Patroni's API
     * documents for failsafe mode off, on Patroni nodes of a mixed cluster too. A stale key decides nothing either
     * way: with failsafe mode off nobody reads it for a race or a DCS outage.
     */
    public static Optional<Action> key(ClusterView view, LocalState local) {
        if (!view.reachable() || !local.holdsValidLock()) {
            return Optional.empty();
        }
        Optional<Map<String, String>> current = view.cluster().failsafe();
        if (!view.settings().failsafeMode()) {
            return current.isPresent() ? Optional.of(new Action.DeleteFailsafe()) : Optional.empty();
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Member m : view.cluster().members()) {
            m.apiUrl().filter(url -> !url.isEmpty()).ifPresent(url -> wanted.put(m.name(), url));
        }
        if (!wanted.containsKey(view.me()) && !local.failsafe().apiUrl().isEmpty()) {
            wanted.put(view.me(), local.failsafe().apiUrl());
        }
        if (current.filter(wanted::equals).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Action.WriteFailsafe(wanted));
    }
}
