package io.jpatroni.daemon.ha.rules;

import io.jpatroni.daemon.ha.Action;
import io.jpatroni.daemon.ha.ClusterView;
import io.jpatroni.daemon.ha.Decision;
import io.jpatroni.daemon.ha.HaMessages;
import io.jpatroni.daemon.ha.LocalState;
import java.util.Optional;

/** The data directory: empty (bootstrap or clone), unreadable, or belonging to another cluster. */
public final class DataDirRules {
    private DataDirRules() {
    }

    public static Optional<Decision> decide(ClusterView view, LocalState local) {
        return switch (local.dataDir()) {
            case EMPTY -> Optional.of(empty(view));
            case INACCESSIBLE -> Optional.of(Decision.noAction("data directory is not accessible"));
            case PRESENT -> systemIdMismatch(view, local);
        };
    }

    private static Decision empty(ClusterView view) {
        if (view.holdsLock()) {
            return Decision.of(new Action.ReleaseLock(), HaMessages.RELEASED_EMPTY_DATA_DIR);
        }
        if (!view.isInitialized() && view.isUnlocked()) {
            return Decision.of(new Action.RaceInitialize(
                            Decision.of(new Action.Bootstrap(), HaMessages.TRYING_TO_BOOTSTRAP),
                            Decision.noAction(HaMessages.FAILED_INITIALIZE_LOCK)),
                    HaMessages.TRYING_TO_BOOTSTRAP);
        }
        Optional<String> leader = view.leaderName().filter(l -> view.member(l).isPresent());
        if (leader.isPresent()) {
            String source = view.cloneSource().orElseThrow();
            return Decision.of(new Action.CloneFrom(source), HaMessages.bootstrapFromLeader(leader.get()));
        }
        return Decision.noAction(HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP);
    }

    private static Optional<Decision> systemIdMismatch(ClusterView view, LocalState local) {
        Optional<String> initialize = view.cluster().initialize().filter(s -> !s.isEmpty());
        if (initialize.isEmpty() || local.systemId().isEmpty()
                || initialize.get().equals(local.systemId().get())) {
            return Optional.empty();
        }
        String reason = HaMessages.systemIdMismatch(view.me(), initialize.get(), local.systemId().get());
        return Optional.of(Decision.of(new Action.Fatal(reason), reason));
    }
}
