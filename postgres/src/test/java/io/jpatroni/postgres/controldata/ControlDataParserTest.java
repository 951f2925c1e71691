package io.jpatroni.postgres.controldata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.Lsn;
import io.jpatroni.postgres.TestResources;
import org.junit.jupiter.api.Test;

/** Outputs captured from PostgreSQL 15's pg_controldata. */
class ControlDataParserTest {
    @Test
    void parsesCleanShutdown() {
        ControlData cd = ControlDataParser.parse(TestResources.read("pg15/controldata_shutdown.txt"));
        assertThat(cd.clusterState()).isEqualTo("shut down");
        assertThat(cd.isCleanShutdown()).isTrue();
        assertThat(cd.systemIdentifier()).matches("\\d+");
        assertThat(cd.checkpointTimeline()).isEqualTo(1);
        assertThat(cd.dataChecksumsEnabled()).isTrue();
        assertThat(cd.walLogHints()).isFalse();
        assertThat(cd.allowsRewind()).isTrue();
        assertThat(cd.walSegmentSize()).hasValue(16 * 1024 * 1024);
        assertThat(cd.localPosition()).hasValueSatisfying(p -> {
            assertThat(p.inRecovery()).isFalse();
            assertThat(p.timeline()).isEqualTo(1);
            assertThat(p.lsn()).isEqualTo(cd.checkpointLocation());
        });
    }

    @Test
    void crashedClusterHasNoLocalPosition() {
        ControlData cd = ControlDataParser.parse(TestResources.read("pg15/controldata_crashed.txt"));
        assertThat(cd.clusterState()).isEqualTo("in production");
        assertThat(cd.isCleanShutdown()).isFalse();
        assertThat(cd.localPosition()).isEmpty();
        assertThat(cd.checkpointLocation()).isEqualTo(Lsn.parse("0/17414F8"));
    }

    @Test
    void replicaShutDownInRecoveryUsesMinRecoveryPoint() {
        ControlData cd = ControlDataParser.parse(TestResources.read("pg15/controldata_shutdown_in_recovery.txt"));
        assertThat(cd.clusterState()).isEqualTo("shut down in recovery");
        assertThat(cd.localPosition()).hasValueSatisfying(p -> {
            assertThat(p.inRecovery()).isTrue();
            assertThat(p.lsn()).isEqualTo(cd.minRecoveryEndLocation());
            assertThat(p.timeline()).isEqualTo(cd.minRecoveryEndTimeline());
        });
    }

    @Test
    void rejectsOtherOutput() {
        assertThatThrownBy(() -> ControlDataParser.parse("pg_controldata: fatal: could not open file"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not pg_controldata output");
    }
}
