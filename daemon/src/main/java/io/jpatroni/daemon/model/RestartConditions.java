package io.jpatroni.daemon.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The conditions a restart request may set ({@code role}, {@code postgres_version}, {@code restart_pending}), checked
 * the same way for a restart asked now and for one that comes due: Patroni's {@code restart_matches}.
 */
public final class RestartConditions {
    private RestartConditions() {
    }

    /** @return why the local PostgreSQL does not match {@code filters}, or empty when it does */
    public static Optional<String> mismatch(Map<String, Object> filters, Observation obs) {
        Object role = filters.get("role");
        if (role != null) {
            boolean primary = obs.isRunning() && !obs.inRecovery();
            boolean wantPrimary = !"replica".equals(role);
            if (primary != wantPrimary) {
                return Optional.of("host role mismatch");
            }
        }
        Object version = filters.get("postgres_version");
        if (version != null && versionNum(String.valueOf(version)).orElse(0) <= obs.serverVersion()) {
            return Optional.of("postgres version mismatch");
        }
        if (filters.containsKey("restart_pending") && !obs.pendingRestart()) {
            return Optional.of("pending restart flag is not set");
        }
        return Optional.empty();
    }

    /** {@code 15.4} → 150004, {@code 9.6.2} → 90602 (Patroni's postgres_version_to_int). */
    public static Optional<Integer> versionNum(String v) {
        String[] parts = v.trim().split("\\.");
        try {
            if (parts.length == 2) {
                int major = Integer.parseInt(parts[0]);
                int minor = Integer.parseInt(parts[1]);
                return Optional.of(major >= 10 ? major * 10000 + minor : major * 10000 + minor * 100);
            }
            if (parts.length == 3) {
                return Optional.of(Integer.parseInt(parts[0]) * 10000 + Integer.parseInt(parts[1]) * 100
                        + Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** An unmodifiable copy that keeps the request's order (JSON values may be null, which Map.copyOf refuses). */
    static Map<String, Object> copy(Map<String, Object> filters) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }
}
