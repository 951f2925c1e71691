package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.loop.AsyncTaskRunner;
import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.RunningTask;

/**
 * Gathers the facts the decision needs beyond the observation, doing the I/O only when the
 * decision can use it: the divergence check for a stopped node that must follow a leader, and
 * the peers' {@code GET /patroni} for a leader race.
 */
public final class LocalStateAssembler {
    private final ManagedPostgres postgres;
    private final AsyncTaskRunner tasks;
    private final PeerProbe peers;
    private final Clock clock;

    public LocalStateAssembler(ManagedPostgres postgres, AsyncTaskRunner tasks, PeerProbe peers, Clock clock) {
        this.postgres = postgres;
        this.tasks = tasks;
        this.peers = peers;
        this.clock = clock;
    }

    public LocalState assemble(Optional<Cluster> cluster, Observation obs, HaSettings settings,
                               Optional<Instant> dcsLastSeen, boolean firstCycle) {
        Optional<RunningTask> task = tasks.running();
        return new LocalState(obs.dataDir(), obs.systemId(), obs.process(), obs.inRecovery(), obs.walPosition(),
                obs.timeline(), obs.following(), task, task.isPresent() ? Optional.empty() : tasks.takeFinished(),
                divergence(cluster, obs, settings, task.isPresent()),
                raceNeedsPeers(cluster, obs, task.isPresent()) && !namedCandidate(cluster.get(), settings.me()) ? peers.probe(others(cluster.get(), settings.me()))
                        : Map.of(),
                dcsLastSeen, firstCycle, clock.instant());
    }

    private Divergence divergence(Optional<Cluster> cluster, Observation obs, HaSettings settings, boolean busy) {
        if (busy || cluster.isEmpty() || obs.dataDir() != DataDir.PRESENT || obs.isRunning()) {
            return Divergence.NONE;
        }
        Optional<String> leader = cluster.get().leaderName().filter(l -> !l.equals(settings.me()));
        return leader.flatMap(cluster.get()::member).flatMap(MemberTarget::of)
                .map(postgres::divergenceFrom)
                .orElse(Divergence.NONE);
    }

    private static boolean raceNeedsPeers(Optional<Cluster> cluster, Observation obs, boolean busy) {
        return !busy && obs.isRunning() && cluster.map(Cluster::isUnlocked).orElse(false);
    }

    /** A manual failover names this node: it races at once, without asking the others (saves a round trip). */
    private static boolean namedCandidate(Cluster cluster, String me) {
        return cluster.failover().flatMap(f -> f.candidate()).filter(me::equals).isPresent();
    }

    private static List<Member> others(Cluster cluster, String me) {
        return cluster.members().stream().filter(m -> !m.name().equals(me)).toList();
    }
}
