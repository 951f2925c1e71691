package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.Member;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switchover and manual failover (the {@code failover} key). On the leader: Patroni's
 * {@code process_manual_failover_from_leader} (demote gracefully when someone can take over, otherwise clean
 * the key up). Without a leader: {@code manual_failover_process_no_leader} (the named candidate races, the
 * others stand back while it can take over).
 */
public final class ManualFailoverRules {
    private static final Logger log = LoggerFactory.getLogger(ManualFailoverRules.class);

    private ManualFailoverRules() {
    }

    /** The active failover key, if any (Patroni's falsy {@code Failover} has neither leader nor candidate). */
    static Optional<Failover> active(ClusterView view) {
        return view.cluster().failover().filter(f -> f.leader().isPresent() || f.candidate().isPresent());
    }

    /**
     * The leader renewed its lock: act on a failover key. Empty when there is none; otherwise a demotion or
     * a clean-up that keeps {@code normal}'s status line.
     */
    public static Optional<Decision> fromLeader(ClusterView view, LocalState local, Decision normal) {
        Optional<Failover> key = active(view);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Failover f = key.get();
        Decision cleanUp = Decision.of(Action.sequence(Action.ClearFailover.empty(), normal.action()),
                normal.status());
        Optional<Action> wait = Optional.empty();
        if (f.scheduledAt().isPresent()) {
            Duration delta = Duration.between(local.now(), f.scheduledAt().get().toInstant());
            Duration loopWait = view.settings().loopWait();
            if (delta.compareTo(loopWait) > 0) {
                log.info("Awaiting failover at {} (in {} seconds)", f.scheduledAt().get(), delta.toSeconds());
                return Optional.empty();
            }
            if (ScheduledTime.isStale(f.scheduledAt().get().toInstant(), local.now(), loopWait)) {
                log.warn("Found a stale failover value, cleaning up: {}", f.scheduledAt().get());
                return Optional.of(cleanUp);
            }
            log.info("Manual scheduled failover at {}", f.scheduledAt().get());
            if (!delta.isNegative() && !delta.isZero()) {
                wait = Optional.of(new Action.WaitUntil(f.scheduledAt().get().toInstant()));
            }
        }
        String me = view.me();
        if (f.leader().isPresent() && !f.leader().get().equals(me)) {
            log.warn("manual failover: leader name does not match: {} != {}", f.leader().get(), me);
        } else if (f.candidate().filter(me::equals).isPresent()) {
            log.warn("manual failover: I am already the leader, no need to failover");
        } else if (f.candidate().isEmpty() && view.cluster().isPaused()) {
            log.warn("Failover is possible only to a specific candidate in a paused state");
        } else if (f.candidate().isPresent() && !SyncRules.mayTakeOver(view, f.candidate().get())) {
            log.warn("Failover candidate={} does not match with sync_standbys={}", f.candidate().get(),
                    view.cluster().sync().map(k -> String.join(",", new java.util.TreeSet<>(k.syncStandbys())))
                            .filter(x -> !x.isEmpty()).orElse("None"));
            log.warn("manual failover: no healthy members found, failover is not possible");
        } else if (takeoverPossible(view, local, f.candidate())) {
            Action demote = new Action.Demote(DemoteMode.GRACEFUL);
            return Optional.of(Decision.of(wait.map(w -> Action.sequence(w, demote)).orElse(demote),
                    HaMessages.MANUAL_FAILOVER_DEMOTING));
        } else {
            log.warn("manual failover: no healthy members found, failover is not possible");
        }
        log.info("Cleaning up failover key");
        return Optional.of(cleanUp);
    }

    /** Some other member (the candidate, when named) runs, may be promoted and is not too far behind. */
    static boolean takeoverPossible(ClusterView view, LocalState local, Optional<String> candidate) {
        return view.cluster().members().stream()
                .filter(m -> !m.name().equals(view.me()))
                .filter(m -> candidate.isEmpty() || candidate.get().equals(m.name()))
                .filter(m -> SyncRules.mayTakeOver(view, m.name()))
                .anyMatch(m -> canTakeOver(view, local, m));
    }

    private static boolean canTakeOver(ClusterView view, LocalState local, Member m) {
        if (!m.isRunning() || m.noFailover()) {
            log.info("Member {} is {}", m.name(), m.noFailover() ? "not allowed to promote" : "not running");
            return false;
        }
        return true; // lag: judged by the candidate itself when it races (member keys may be a loop_wait old)
    }

    /**
     * No leader and a failover key: whether this node should race for the lock (Patroni's
     * {@code manual_failover_process_no_leader}).
     */
    public static boolean shouldRace(ClusterView view, LocalState local, Failover f) {
        String me = view.me();
        // a switchover in synchronous mode: only the synchronous standbys and the former leader race
        if (!view.cluster().isPaused() && f.leader().isPresent() && !SyncRules.mayRace(view, me)) {
            return false;
        }
        if (f.candidate().isPresent()) {
            String candidate = f.candidate().get();
            if (candidate.equals(me)) {
                return true;
            }
            if (view.cluster().isPaused()) {
                return false;
            }
            // in synchronous mode a node the sync key does not name takes no action, even for an unhealthy candidate
            if (!SyncRules.mayRace(view, me)) {
                return false;
            }
            Optional<Member> member = view.member(candidate);
            if (member.isPresent() && member.get().isRunning() && !member.get().noFailover()) {
                log.info("manual failover: to {}, i am {}", candidate, me);
                return false;
            }
            member.ifPresent(m -> log.warn("manual failover: member {} is {}", m.name(),
                    m.noFailover() ? "not allowed to promote" : "not running"));
        } else if (view.cluster().isPaused()) {
            return false;
        }
        if (f.leader().isPresent() && f.leader().get().equals(me)) {
            Set<String> excluded = Stream.concat(f.leader().stream(), f.candidate().stream())
                    .collect(Collectors.toSet());
            boolean othersCan = view.cluster().members().stream()
                    .filter(m -> !excluded.contains(m.name()))
                    .filter(m -> SyncRules.mayTakeOver(view, m.name()))
                    .anyMatch(m -> m.isRunning() && !m.noFailover());
            return !othersCan;
        }
        return LeaderRace.isHealthiest(view, local, f.leader().map(Set::of).orElse(Set.of()), false, false);
    }
}
