package io.jpatroni.daemon.decision.rules;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.ClusterView;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.decision.LocalState;
import io.jpatroni.daemon.model.DataDir;
import java.util.Optional;

/**
 * The data directory: empty (bootstrap or clone), unreadable, belonging to another cluster, or existing data
 * that the cluster has not seen yet (adopted: its system identifier becomes the {@code initialize} key).
 */
public final class DataDirRules {
    private DataDirRules() {
    }

    public static Optional<Decision> decide(ClusterView view, LocalState local) {
        return switch (local.dataDir()) {
            case EMPTY -> Optional.of(empty(view));
            case INACCESSIBLE -> Optional.of(Decision.noAction("data directory is not accessible"));
            case PRESENT -> present(view, local);
        };
    }

    private static Decision empty(ClusterView view) {
        if (view.holdsLock()) {
            return Decision.of(new Action.ReleaseLock(), HaMessages.RELEASED_EMPTY_DATA_DIR);
        }
        if (!view.isInitialized() && view.isUnlocked() && !view.settings().noFailover()
                && StandbyRules.applies(view)) {
            return StandbyRules.bootstrap(view);
        }
        if (!view.isInitialized() && view.isUnlocked() && !view.settings().noFailover()) {
            return Decision.of(new Action.RaceInitialize(
                            Decision.of(new Action.Bootstrap(), HaMessages.TRYING_TO_BOOTSTRAP),
                            Decision.noAction(HaMessages.FAILED_INITIALIZE_LOCK)),
                    HaMessages.TRYING_TO_BOOTSTRAP);
        }
        Optional<String> leader = view.leaderName().filter(l -> view.member(l).isPresent());
        if (leader.isPresent()) {
            String source = view.cloneSource().orElseThrow();
            return Decision.of(new Action.CloneFrom(source, Cascade.upstream(view)), source.equals(leader.get())
                    ? HaMessages.bootstrapFromLeader(source) : HaMessages.bootstrapFromReplica(source));
        }
        // Patroni: a replica method that needs no leader restores the node, unless another node is bootstrapping
        // (the initialize key exists without a system ID); the restored replica then races like any other
        if (view.isUnlocked() && view.settings().replicaWithoutLeader() && !view.isBootstrapping()) {
            return Decision.of(new Action.CloneWithoutLeader(), HaMessages.TRYING_TO_BOOTSTRAP_WITHOUT_LEADER);
        }
        return Decision.noAction(StandbyRules.applies(view) ? HaMessages.WAITING_FOR_STANDBY_LEADER_TO_BOOTSTRAP
                : HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP);
    }

    /** Patroni's "check if we are allowed to join". */
    private static Optional<Decision> present(ClusterView view, LocalState local) {
        Optional<String> sysid = local.systemId().filter(ClusterView::isValidSystemId);
        if (sysid.isEmpty()) {
            return Optional.of(Decision.noAction(HaMessages.SYSTEM_ID_INVALID));
        }
        Optional<String> initialize = view.initializedSystemId();
        if (initialize.isPresent()) {
            if (initialize.get().equals(sysid.get())) {
                return Optional.empty();
            }
            String reason = HaMessages.systemIdMismatch(view.me(), initialize.get(), sysid.get());
            return Optional.of(Decision.of(new Action.Fatal(reason), reason));
        }
        if (view.isUnlocked() && !view.cluster().isPaused() && local.firstCycle() && local.isRunning()
                && local.inRecovery()) {
            // existing data is only adopted from the primary: a replica first would start a new cluster's history
            return Optional.of(Decision.of(new Action.Fatal(HaMessages.NO_INITIALIZE_RUNNING_AS_REPLICA),
                    HaMessages.NO_INITIALIZE_RUNNING_AS_REPLICA));
        }
        return Optional.empty();
    }

    /**
     * The {@code initialize} key lacks a system identifier although this node has data: the lock holder writes
     * it (a wiped DCS), and so does a node with existing data in an unlocked, unpaused cluster (adoption of a
     * data directory made outside Patroni, or after pg_upgrade), before the rest of the cycle's decision. Not
     * while a background task runs or a bootstrap's outcome is being handled, and never before a fatal stop.
     */
    public static Decision withInitializeKey(ClusterView view, LocalState local, Decision decision) {
        if (!view.reachable() || decision.action() instanceof Action.Fatal) {
            return decision;
        }
        boolean busy = local.task().isPresent() || TaskRules.bootstrapOutcome(local).isPresent()
                || local.awaitingPostBootstrap();
        return initializeStep(view, local, !busy)
                .map(step -> Decision.of(Action.sequence(step, decision.action()), decision.status()))
                .orElse(decision);
    }

    /** @param adopt whether the adoption case applies (no background task or bootstrap outcome is pending) */
    private static Optional<Action> initializeStep(ClusterView view, LocalState local, boolean adopt) {
        Optional<String> sysid = local.systemId().filter(ClusterView::isValidSystemId);
        if (sysid.isEmpty() || local.dataDir() != DataDir.PRESENT || view.initializedSystemId().isPresent()) {
            return Optional.empty();
        }
        boolean leader = view.holdsLock();
        boolean adoption = adopt && view.isUnlocked() && !view.cluster().isPaused();
        if (!leader && !adoption) {
            return Optional.empty();
        }
        return Optional.of(new Action.WriteInitialize(view.cluster().initialize().isEmpty(), sysid.get()));
    }
}
