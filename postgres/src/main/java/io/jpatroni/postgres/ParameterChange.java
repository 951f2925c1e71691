package io.jpatroni.postgres;

import java.util.Set;
import java.util.TreeSet;

/**
 * Result of changing parameters: what changed, whether a reload applied them, and which ones wait for a
 * restart (pg_settings.context = postmaster, or pending_restart).
 */
public record ParameterChange(Set<String> changed, boolean reloaded, Set<String> pendingRestart) {
    public ParameterChange {
        changed = java.util.Collections.unmodifiableSet(new TreeSet<>(changed));
        pendingRestart = java.util.Collections.unmodifiableSet(new TreeSet<>(pendingRestart));
    }

    public boolean restartPending() {
        return !pendingRestart.isEmpty();
    }
}
