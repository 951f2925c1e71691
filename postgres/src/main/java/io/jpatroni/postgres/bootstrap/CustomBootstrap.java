package io.jpatroni.postgres.bootstrap;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code bootstrap.method} other than initdb: the section's {@code command} makes the data directory (restores a
 * backup), run with {@code --scope=... --datadir=...} unless {@code noParams}. {@code recoveryConf} (PITR:
 * restore_command, recovery_target_*) is written for the first start; without it the restored recovery files are
 * removed, unless {@code keepExistingRecoveryConf} (the backup tool wrote them).
 */
public record CustomBootstrap(String name, String command, boolean noParams, boolean keepExistingRecoveryConf,
                              Optional<Map<String, String>> recoveryConf) {
    public CustomBootstrap {
        Objects.requireNonNull(command, "command");
        recoveryConf = recoveryConf.map(Map::copyOf);
    }

    /**
     * Whether the first start runs without hot_standby, as Patroni decides: the backup tool's own recovery files
     * are trusted to end in a promotion, and a recovery_conf whose target action is promote (or whose
     * pause_at_recovery_target is false) would fail on parameters raised since the backup.
     */
    public boolean hotStandbyOff() {
        if (keepExistingRecoveryConf) {
            return true;
        }
        if (recoveryConf.isEmpty() || recoveryConf.get().isEmpty()) {
            return false;
        }
        Map<String, String> rc = recoveryConf.get();
        String pause = rc.get("pause_at_recovery_target");
        boolean pauseFalse = pause != null && java.util.List.of("off", "false", "no", "0", "n", "f")
                .contains(pause.trim().toLowerCase(java.util.Locale.ROOT));
        String action = rc.getOrDefault("recovery_target_action", pauseFalse ? "promote" : "pause");
        return "promote".equals(action);
    }
}
