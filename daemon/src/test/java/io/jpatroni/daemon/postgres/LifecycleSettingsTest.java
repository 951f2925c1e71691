package io.jpatroni.daemon.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.daemon.callbacks.CallbackAction;
import io.jpatroni.daemon.settings.SettingsResolver;
import io.jpatroni.postgres.bootstrap.CustomBootstrap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** postgresql.callbacks, bootstrap.method and no_leader replica methods, from the YAML to what the daemon runs. */
class LifecycleSettingsTest {
    private static PatroniConfig config(String extraPostgresql, String bootstrap) {
        String yaml = """
                scope: batman
                name: node1
                restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
                etcd3: {hosts: 127.0.0.1:2379}
                %s
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: /tmp/jpatroni-lifecycle-settings/data
                  bin_dir: /usr/lib/postgresql/15/bin
                  authentication:
                    superuser: {username: postgres, password: s}
                    replication: {username: replicator, password: r}
                %s""".formatted(bootstrap, extraPostgresql.indent(2));
        var loaded = ConfigLoader.loadFromString(yaml, Map.of());
        assertThat(loaded.errors()).isEmpty();
        return loaded.config();
    }

    @Test
    void everyConfiguredCallbackIsRunAndOnlyThose() {
        PatroniConfig c = config("""
                callbacks:
                  on_start: /usr/local/bin/cb.sh
                  on_role_change: /usr/local/bin/vip.sh --iface eth0
                """, "");
        assertThat(PostgresSetup.callbacks(c)).containsExactly(
                Map.entry(CallbackAction.ON_START, "/usr/local/bin/cb.sh"),
                Map.entry(CallbackAction.ON_ROLE_CHANGE, "/usr/local/bin/vip.sh --iface eth0"));
    }

    @Test
    void aCustomBootstrapMethodWithItsRecoveryConf() {
        PatroniConfig c = config("", """
                bootstrap:
                  method: pitr
                  pitr:
                    command: /usr/local/bin/restore.sh --from s3
                    no_params: true
                    keep_existing_recovery_conf: false
                    recovery_conf:
                      restore_command: cp /archive/%f %p
                      recovery_target_time: '2026-11-26 12:00:00+00'
                      recovery_target_action: promote
                """);
        CustomBootstrap m = PostgresSetup.bootstrap(c).method().orElseThrow();
        assertThat(m.command()).isEqualTo("/usr/local/bin/restore.sh --from s3");
        assertThat(m.noParams()).isTrue();
        assertThat(m.keepExistingRecoveryConf()).isFalse();
        assertThat(m.recoveryConf()).contains(Map.of("restore_command", "cp /archive/%f %p",
                "recovery_target_time", "2026-11-26 12:00:00+00", "recovery_target_action", "promote"));
        assertThat(m.hotStandbyOff()).as("promote at the target: hot_standby off, as Patroni").isTrue();
        assertThat(PostgresSetup.bootstrap(config("", "")).method()).isEmpty();
    }

    @Test
    void hotStandbyStaysOnWhenRecoveryPausesAtItsTarget() {
        assertThat(new CustomBootstrap("m", "x", false, false,
                Optional.of(Map.of("recovery_target_name", "p"))).hotStandbyOff()).isFalse();
        assertThat(new CustomBootstrap("m", "x", false, false,
                Optional.of(Map.of("pause_at_recovery_target", "false"))).hotStandbyOff()).isTrue();
        assertThat(new CustomBootstrap("m", "x", false, true, Optional.empty()).hotStandbyOff()).isTrue();
        assertThat(new CustomBootstrap("m", "x", false, false, Optional.empty()).hotStandbyOff()).isFalse();
    }

    @Test
    void aReplicaMethodWithNoLeaderAndACommandLetsAnEmptyNodeRestoreWithoutALeader() {
        String methods = """
                create_replica_methods: [wal_g, basebackup]
                wal_g:
                  command: wal-g backup-fetch
                  %s
                """;
        assertThat(new SettingsResolver(config(methods.formatted("no_leader: true"), "")).settings(Optional.empty())
                .replicaWithoutLeader()).isTrue();
        assertThat(new SettingsResolver(config(methods.formatted("no_master: true"), "")).settings(Optional.empty())
                .replicaWithoutLeader()).as("Patroni 3's older name").isTrue();
        assertThat(new SettingsResolver(config(methods.formatted("keep_data: true"), "")).settings(Optional.empty())
                .replicaWithoutLeader()).isFalse();
    }
}
