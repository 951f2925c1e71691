package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.decision.PeerStatus;
import io.jpatroni.daemon.decision.rules.FailsafeRules;
import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.FailsafeFacts;
import io.jpatroni.daemon.model.FailsafeRound;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.RunningTask;
import io.jpatroni.daemon.model.SlotName;
import io.jpatroni.daemon.model.TaskOutcome;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Gathers the facts the decision needs beyond the observation, doing the I/O only when the decision can use it:
 * the divergence check for a stopped node that must follow a leader, the peers' {@code GET /patroni} for a
 * leader race, and the round of {@code POST /failsafe} of a primary that cannot reach the DCS in failsafe mode.
 * Once more after the action, for the upkeep.
 */
public final class LocalStateAssembler {
    private final ManagedPostgres postgres;
    private final AsyncTaskRunner tasks;
    private final PeerProbe peers;
    private final Leadership leadership;
    private final RestartSchedule restarts;
    private final Clock clock;
    private final Failsafe failsafe;
    private final FailsafePeers failsafePeers;
    private final Guards guards;
    private volatile Optional<Instant> prePromoteFailedAt = Optional.empty();
    /**
     * Patroni's rewind state CHECK: the divergence is still to be decided for this node, so it is checked again
     * while it runs as a replica. Set when a check could not decide (the leader was still in recovery) and when the
     * leader changes under a running replica (the new one may have forked off before what it replayed), including
     * when this node was the primary in between (a demoted primary starts again as a replica at once).
     */
    private boolean checkPending;
    /** When each member's slot name was last seen among the members in the DCS (member_slots_ttl). */
    private final Map<String, Instant> membersSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private Optional<String> lastLeader = Optional.empty();

    /** Without failsafe mode's facts (no member is ever asked to confirm this node). */
    public LocalStateAssembler(ManagedPostgres postgres, AsyncTaskRunner tasks, PeerProbe peers,
                               Leadership leadership, RestartSchedule restarts, Clock clock) {
        this(postgres, tasks, peers, leadership, restarts, clock, new Failsafe(""), members -> Map.of(),
                Guards.none());
    }

    public LocalStateAssembler(ManagedPostgres postgres, AsyncTaskRunner tasks, PeerProbe peers,
                               Leadership leadership, RestartSchedule restarts, Clock clock, Guards guards) {
        this(postgres, tasks, peers, leadership, restarts, clock, new Failsafe(""), members -> Map.of(), guards);
    }

    /**
     * @param failsafe      the failsafe key as last seen (updated here from each cycle's cluster)
     * @param failsafePeers the round of {@code POST /failsafe}
     */
    public LocalStateAssembler(ManagedPostgres postgres, AsyncTaskRunner tasks, PeerProbe peers,
                               Leadership leadership, RestartSchedule restarts, Clock clock, Failsafe failsafe,
                               FailsafePeers failsafePeers) {
        this(postgres, tasks, peers, leadership, restarts, clock, failsafe, failsafePeers, Guards.none());
    }

    /**
     * @param failsafe      the failsafe key as last seen (updated here from each cycle's cluster)
     * @param failsafePeers the round of {@code POST /failsafe}
     * @param guards        the watchdog device and the fence, for their running and healthy facts
     */
    public LocalStateAssembler(ManagedPostgres postgres, AsyncTaskRunner tasks, PeerProbe peers,
                               Leadership leadership, RestartSchedule restarts, Clock clock, Failsafe failsafe,
                               FailsafePeers failsafePeers, Guards guards) {
        this.guards = guards;
        this.postgres = postgres;
        this.tasks = tasks;
        this.peers = peers;
        this.leadership = leadership;
        this.restarts = restarts;
        this.clock = clock;
        this.failsafe = failsafe;
        this.failsafePeers = failsafePeers;
    }

    /** Before the decision: consumes the outcome of a background task that finished since the last cycle. */
    public LocalState assemble(ClusterView view, Observation obs, boolean firstCycle) {
        Optional<RunningTask> task = tasks.running();
        Optional<TaskOutcome> finished = task.isPresent() ? Optional.empty() : tasks.takeFinished();
        if (finished.filter(TaskOutcome::vetoedPromotion).isPresent()) {
            prePromoteFailedAt = Optional.of(clock.instant());
        }
        boolean busy = task.isPresent();
        if (view.reachable()) {
            Instant now = clock.instant();
            view.cluster().members().forEach(m -> membersSeen.put(SlotName.of(m.name()), now));
        }
        Map<String, PeerStatus> answers = raceNeedsPeers(view, obs, busy) && !namedCandidate(view)
                ? peers.probe(racePeers(view)) : Map.of();
        return new LocalState(obs, task, finished, divergence(view, obs, busy), answers, firstCycle,
                leadership.holdsValidLock(), restarts.pending(), postgres.appliedParameters(), clock.instant(),
                failsafe(view, obs), postgres.awaitingPostBootstrap(), guards.status(), prePromoteFailedAt,
                postgres.syncObservation());
    }

    /**
     * The DCS failed in the middle of the cycle (the lock renewal could not reach it): the same facts, judged again
     * with the DCS unreachable, and the failsafe round if one can keep this primary.
     */
    public LocalState afterDcsFailure(ClusterView unreachable, LocalState before) {
        return new LocalState(before.observation(), before.task(), before.finishedTask(), before.divergence(),
                before.peers(), before.firstCycle(), leadership.holdsValidLock(), before.scheduledRestart(),
                before.appliedParameters(), clock.instant(), failsafe(unreachable, before.observation()),
                before.awaitingPostBootstrap(), guards.status(), before.prePromoteFailedAt(), before.sync());
    }

    /** After the action: PostgreSQL as it left it, the task and the lease as they are now. */
    public LocalState afterAction(LocalState before, Observation after) {
        return new LocalState(after, tasks.running(), Optional.empty(), before.divergence(), before.peers(),
                before.firstCycle(), leadership.holdsValidLock(), restarts.pending(), postgres.appliedParameters(),
                clock.instant(), new FailsafeFacts(failsafe.topology(), Optional.empty(), failsafe.apiUrl()),
                postgres.awaitingPostBootstrap(), guards.status(), before.prePromoteFailedAt(),
                postgres.syncObservation(), after.isRunning()
                        ? postgres.slotFacts().map(f -> f.withMembersSeen(membersSeen)) : Optional.empty());
    }

    /** The key as last known (this cycle's, when the DCS answered) and, when it can keep this primary, the round. */
    private FailsafeFacts failsafe(ClusterView view, Observation obs) {
        if (view.reachable()) {
            failsafe.seen(view.cluster().failsafe());
        }
        Optional<Map<String, String>> key = failsafe.topology();
        Optional<FailsafeRound> round = Optional.empty();
        if (FailsafeRules.needsRound(view, obs, key)) {
            Map<String, String> others = new LinkedHashMap<>(key.get());
            others.remove(view.me());
            Instant startedAt = clock.instant();
            round = Optional.of(new FailsafeRound(startedAt, others.isEmpty() ? Map.of()
                    : failsafePeers.confirm(others)));
        }
        return new FailsafeFacts(key, round, failsafe.apiUrl());
    }

    private Divergence divergence(ClusterView view, Observation obs, boolean busy) {
        if (obs.isRunning() && !obs.inRecovery()) {
            // a primary: whoever leads after it may have forked off what it wrote, even the leader it followed before
            lastLeader = Optional.of(view.me());
            return Divergence.NONE;
        }
        if (busy || !view.reachable() || obs.dataDir() != DataDir.PRESENT) {
            return Divergence.NONE;
        }
        Cluster cluster = view.cluster();
        Optional<String> leader = cluster.leaderName().filter(l -> !l.equals(view.me()));
        boolean runningReplica = obs.isRunning() && obs.inRecovery();
        if (runningReplica && leader.isPresent() && lastLeader.isPresent() && !leader.equals(lastLeader)) {
            checkPending = true; // a new leader: what this replica replayed may be past its fork
        }
        lastLeader = leader.isPresent() ? leader : lastLeader;
        if (obs.isRunning() && !(runningReplica && checkPending)) {
            return Divergence.NONE;
        }
        Optional<MemberTarget> target = leader.flatMap(cluster::member)
                // a running replica waits until the leader's member key says it is the primary (Patroni's rule)
                .filter(m -> !obs.isRunning() || m.role().filter(r -> r.equals("primary") || r.equals("master"))
                        .isPresent())
                .flatMap(MemberTarget::of);
        if (target.isEmpty()) {
            return Divergence.NONE;
        }
        Divergence d = postgres.divergenceFrom(target.get());
        checkPending = d == Divergence.UNDECIDED;
        return d;
    }

    private static boolean raceNeedsPeers(ClusterView view, Observation obs, boolean busy) {
        return !busy && obs.isRunning() && view.reachable() && view.isUnlocked();
    }

    /** A manual failover names this node: it races at once, without asking the others (saves a round trip). */
    private static boolean namedCandidate(ClusterView view) {
        return view.cluster().failover().flatMap(f -> f.candidate()).filter(view.me()::equals).isPresent();
    }

    /**
     * The members asked during a leader race: the other members and, with failsafe mode, the members of the
     * {@code failsafe} key whose member key is gone (Patroni races among both: a primary that lost the DCS is
     * still in the key and must still be seen alive).
     */
    private static List<Member> racePeers(ClusterView view) {
        List<Member> out = new ArrayList<>(view.cluster().members().stream()
                .filter(m -> !m.name().equals(view.me())).toList());
        if (view.settings().failsafeMode()) {
            view.cluster().failsafe().orElse(Map.of()).forEach((name, url) -> {
                if (!name.equals(view.me()) && view.cluster().member(name).isEmpty()) {
                    out.add(new Member(name, 0, OptionalLong.empty(), Map.of("api_url", url)));
                }
            });
        }
        return out;
    }
}
