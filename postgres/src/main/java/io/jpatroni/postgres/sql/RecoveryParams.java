package io.jpatroni.postgres.sql;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Which recovery settings a reload applies, by server version (pure). */
public final class RecoveryParams {
    private RecoveryParams() {
    }

    /**
     * True when moving from {@code before} to {@code after} needs a restart on {@code versionNum}; before 12 any
     * change does (recovery.conf is read at start only).
     */
    public static boolean needsRestart(Map<String, String> before, Map<String, String> after, int versionNum) {
        Set<String> names = new java.util.HashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name)) && !reloadable(name, versionNum)) {
                return true;
            }
        }
        return false;
    }

    static boolean reloadable(String name, int versionNum) {
        if (versionNum < 120000) {
            return false;
        }
        return switch (name) {
            case "primary_conninfo", "primary_slot_name" -> versionNum >= 130000;
            case "restore_command" -> versionNum >= 140000;
            case "archive_cleanup_command", "recovery_end_command", "recovery_min_apply_delay" -> true;
            default -> false;
        };
    }
}
