package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.MINIMAL;
import static io.jpatroni.config.Fixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Precedence: Patroni defaults < dynamic (DCS) < local YAML < environment. */
class EffectiveConfigTest {

    private static PatroniConfig local(String postgresqlExtra, Map<String, String> env) {
        return load(MINIMAL.replace("  data_dir:", postgresqlExtra + "  data_dir:"), env).config();
    }

    @Test
    void localParametersOverrideDynamicOnesKeyByKey() {
        DynamicConfig dcs = DynamicConfig.fromMap(Map.of("postgresql", Map.of("parameters",
                Map.of("work_mem", "4MB", "shared_buffers", "128MB"))));
        PatroniConfig local = local("  parameters:\n    WORK_MEM: 64MB\n", Map.of());

        EffectiveConfig effective = EffectiveConfig.merge(dcs, local);

        assertThat(effective.parameters()).containsEntry("WORK_MEM", "64MB").doesNotContainKey("work_mem")
                .containsEntry("shared_buffers", "128MB")
                .containsEntry("max_connections", 100).containsEntry("wal_level", "replica");
    }

    @Test
    void commandLineParametersComeOnlyFromTheDynamicConfiguration() {
        DynamicConfig dcs = DynamicConfig.fromMap(Map.of("postgresql", Map.of("parameters",
                Map.of("max_connections", 300))));
        PatroniConfig local = local("  parameters:\n    max_connections: 50\n", Map.of());

        assertThat(EffectiveConfig.merge(dcs, local).parameters()).containsEntry("max_connections", 300);
    }

    @Test
    void invalidDynamicCommandLineValueFallsBackWithAWarning() {
        DynamicConfig dcs = DynamicConfig.fromMap(Map.of("postgresql", Map.of("parameters",
                Map.of("max_connections", 5, "wal_level", "minimal", "port", 6000))));

        EffectiveConfig effective = EffectiveConfig.merge(dcs, local("", Map.of()));

        assertThat(effective.parameters()).containsEntry("max_connections", 100).containsEntry("wal_level", "replica")
                .doesNotContainKey("port");
        assertThat(effective.warnings()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "postgresql.parameters.max_connections", "postgresql.parameters.wal_level",
                "postgresql.parameters.port");
    }

    @Test
    void walKeepSizeBelowPatronisMinimumFallsBackToItsDefault() {
        for (Object tooSmall : new Object[] {"8MB", "15", "1024kB", "lots"}) {
            DynamicConfig dcs = DynamicConfig.fromMap(Map.of("postgresql", Map.of("parameters",
                    Map.of("wal_keep_size", tooSmall))));
            EffectiveConfig effective = EffectiveConfig.merge(dcs, local("", Map.of()));
            assertThat(effective.parameters()).as("%s", tooSmall).containsEntry("wal_keep_size", "128MB");
            assertThat(effective.warnings()).extracting(ConfigProblem::path)
                    .containsExactly("postgresql.parameters.wal_keep_size");
        }
        for (Object enough : new Object[] {"16MB", "1GB", 64, "16384kB"}) {
            DynamicConfig dcs = DynamicConfig.fromMap(Map.of("postgresql", Map.of("parameters",
                    Map.of("wal_keep_size", enough))));
            assertThat(EffectiveConfig.merge(dcs, local("", Map.of())).parameters()).as("%s", enough)
                    .containsEntry("wal_keep_size", enough);
        }
    }

    @Test
    void pgHbaRewindAndRecoveryConfFromLocalWhenSet() {
        DynamicConfig dcs = DynamicConfig.fromMap(Map.of("postgresql", Map.of("pg_hba", List.of("dcs line"),
                "use_pg_rewind", false, "use_slots", false, "recovery_conf", Map.of("a", 1))));

        EffectiveConfig fromDcs = EffectiveConfig.merge(dcs, local("", Map.of()));
        assertThat(fromDcs.pgHba()).contains(List.of("dcs line"));
        assertThat(fromDcs.usePgRewind()).isFalse();
        assertThat(fromDcs.useSlots()).isFalse();
        assertThat(fromDcs.recoveryConf()).containsEntry("a", 1);

        EffectiveConfig fromLocal = EffectiveConfig.merge(dcs, local("  pg_hba: [local line]\n  use_pg_rewind: true\n"
                + "  recovery_conf: {b: 2}\n", Map.of()));
        assertThat(fromLocal.pgHba()).contains(List.of("local line"));
        assertThat(fromLocal.usePgRewind()).isTrue();
        assertThat(fromLocal.useSlots()).as("use_slots is cluster-wide").isFalse();
        assertThat(fromLocal.recoveryConf()).containsOnlyKeys("b");
    }

    @Test
    void environmentBeatsLocalWhichBeatsDynamic() {
        DynamicConfig dcs = DynamicConfig.fromMap(Map.of("postgresql", Map.of("parameters",
                Map.of("unix_socket_directories", "/dcs"))));
        PatroniConfig local = local("  parameters:\n    unix_socket_directories: /local\n", Map.of());
        assertThat(EffectiveConfig.merge(dcs, local).parameters()).containsEntry("unix_socket_directories", "/local");

        PatroniConfig withEnv = local("", Map.of("PATRONI_POSTGRESQL_DATA_DIR", "/env"));
        assertThat(withEnv.postgresql().dataDir()).isEqualTo("/env");
    }

    @Test
    void defaultsWithNothingSet() {
        EffectiveConfig effective = EffectiveConfig.merge(DynamicConfig.defaults(), local("", Map.of()));
        assertThat(effective.useSlots()).isTrue();
        assertThat(effective.usePgRewind()).isFalse();
        assertThat(effective.pgHba()).isEmpty();
        assertThat(effective.parameters()).containsEntry("hot_standby", "on").containsEntry("wal_log_hints", "on");
    }
}
