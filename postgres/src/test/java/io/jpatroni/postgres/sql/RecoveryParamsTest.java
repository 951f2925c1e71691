package io.jpatroni.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryParamsTest {
    private static final Map<String, String> BEFORE = Map.of("primary_conninfo", "host=a", "primary_slot_name", "s",
            "recovery_target_timeline", "latest");

    @Test
    void primaryConninfoReloadsFrom13() {
        Map<String, String> after = Map.of("primary_conninfo", "host=b", "primary_slot_name", "s",
                "recovery_target_timeline", "latest");
        assertThat(RecoveryParams.needsRestart(BEFORE, after, 150004)).isFalse();
        assertThat(RecoveryParams.needsRestart(BEFORE, after, 130000)).isFalse();
        assertThat(RecoveryParams.needsRestart(BEFORE, after, 120010)).isTrue();
    }

    @Test
    void restoreCommandReloadsFrom14AndTimelineNever() {
        Map<String, String> restore = new java.util.HashMap<>(BEFORE);
        restore.put("restore_command", "cp /a/%f %p");
        assertThat(RecoveryParams.needsRestart(BEFORE, restore, 140000)).isFalse();
        assertThat(RecoveryParams.needsRestart(BEFORE, restore, 130005)).isTrue();
        Map<String, String> tli = new java.util.HashMap<>(BEFORE);
        tli.put("recovery_target_timeline", "current");
        assertThat(RecoveryParams.needsRestart(BEFORE, tli, 170000)).isTrue();
    }

    @Test
    void recoveryMinApplyDelayReloadsFrom12() {   // pg_settings.context sighup, as Patroni reads it
        Map<String, String> delay = new java.util.HashMap<>(BEFORE);
        delay.put("recovery_min_apply_delay", "5s");
        assertThat(RecoveryParams.needsRestart(BEFORE, delay, 120000)).isFalse();
        assertThat(RecoveryParams.needsRestart(BEFORE, delay, 110000)).isTrue();
    }
}
