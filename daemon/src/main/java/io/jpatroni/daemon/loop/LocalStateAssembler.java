package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.decision.PeerStatus;
import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.RunningTask;
import io.jpatroni.daemon.model.TaskOutcome;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers the facts the decision needs beyond the observation, doing the I/O only when the decision can use it:
 * the divergence check for a stopped node that must follow a leader, and the peers' {@code GET /patroni} for a
 * leader race. Once more after the action, for the upkeep.
 */
public final class LocalStateAssembler {
    private final ManagedPostgres postgres;
    private final AsyncTaskRunner tasks;
    private final PeerProbe peers;
    private final Leadership leadership;
    private final RestartSchedule restarts;
    private final Clock clock;
    private final Guards guards;
    private volatile Optional<Instant> prePromoteFailedAt = Optional.empty();

    public LocalStateAssembler(ManagedPostgres postgres, AsyncTaskRunner tasks, PeerProbe peers,
                               Leadership leadership, RestartSchedule restarts, Clock clock) {
        this(postgres, tasks, peers, leadership, restarts, clock, Guards.none());
    }

    public LocalStateAssembler(ManagedPostgres postgres, AsyncTaskRunner tasks, PeerProbe peers,
                               Leadership leadership, RestartSchedule restarts, Clock clock, Guards guards) {
        this.guards = guards;
        this.postgres = postgres;
        this.tasks = tasks;
        this.peers = peers;
        this.leadership = leadership;
        this.restarts = restarts;
        this.clock = clock;
    }

    /** Before the decision: consumes the outcome of a background task that finished since the last cycle. */
    public LocalState assemble(ClusterView view, Observation obs, boolean firstCycle) {
        Optional<RunningTask> task = tasks.running();
        Optional<TaskOutcome> finished = task.isPresent() ? Optional.empty() : tasks.takeFinished();
        if (finished.filter(TaskOutcome::vetoedPromotion).isPresent()) {
            prePromoteFailedAt = Optional.of(clock.instant());
        }
        boolean busy = task.isPresent();
        Map<String, PeerStatus> answers = raceNeedsPeers(view, obs, busy) && !namedCandidate(view)
                ? peers.probe(others(view)) : Map.of();
        return new LocalState(obs, task, finished, divergence(view, obs, busy), answers, firstCycle,
                leadership.holdsValidLock(), restarts.pending(), postgres.appliedParameters(), clock.instant(),
                guards.status(), prePromoteFailedAt);
    }

    /** After the action: PostgreSQL as it left it, the task and the lease as they are now. */
    public LocalState afterAction(LocalState before, Observation after) {
        return new LocalState(after, tasks.running(), Optional.empty(), before.divergence(), before.peers(),
                before.firstCycle(), leadership.holdsValidLock(), restarts.pending(), postgres.appliedParameters(),
                clock.instant(), guards.status(), before.prePromoteFailedAt());
    }

    private Divergence divergence(ClusterView view, Observation obs, boolean busy) {
        if (busy || !view.reachable() || obs.dataDir() != DataDir.PRESENT || obs.isRunning()) {
            return Divergence.NONE;
        }
        Cluster cluster = view.cluster();
        Optional<String> leader = cluster.leaderName().filter(l -> !l.equals(view.me()));
        return leader.flatMap(cluster::member).flatMap(MemberTarget::of)
                .map(postgres::divergenceFrom)
                .orElse(Divergence.NONE);
    }

    private static boolean raceNeedsPeers(ClusterView view, Observation obs, boolean busy) {
        return !busy && obs.isRunning() && view.reachable() && view.isUnlocked();
    }

    /** A manual failover names this node: it races at once, without asking the others (saves a round trip). */
    private static boolean namedCandidate(ClusterView view) {
        return view.cluster().failover().flatMap(f -> f.candidate()).filter(view.me()::equals).isPresent();
    }

    private static List<Member> others(ClusterView view) {
        return view.cluster().members().stream().filter(m -> !m.name().equals(view.me())).toList();
    }
}
