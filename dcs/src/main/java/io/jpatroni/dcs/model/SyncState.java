package io.jpatroni.dcs.model;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The {@code sync} key: the leader that wrote it and the synchronous standbys it names. */
public record SyncState(long modRevision, Optional<String> leader, Set<String> syncStandbys, OptionalInt quorum) {
    public SyncState {
        syncStandbys = Set.copyOf(syncStandbys);
    }

    /** True when {@code name} is listed as a synchronous standby (Patroni compares case-insensitively). */
    public boolean matches(String name) {
        return syncStandbys.stream().anyMatch(s -> s.equalsIgnoreCase(name));
    }

    public boolean isEmpty() {
        return leader.isEmpty();
    }
}
