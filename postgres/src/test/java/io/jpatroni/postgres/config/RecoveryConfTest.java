package io.jpatroni.postgres.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.param.Adjustment;
import io.jpatroni.postgres.param.MajorVersion;
import io.jpatroni.postgres.param.ParameterCheck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replica's recovery settings per major version, as Patroni writes them. */
class RecoveryConfTest {
    private static final ConnectionTarget LEADER = ConnectionTarget.of("10.0.0.1", 5432,
            RoleCredentials.of("replicator", "s3cret"));
    private static final Path PASSFILE = Path.of("/home/pg/pgpass");

    private static RecoveryConf.Rendered render(String version, Map<String, String> recoveryConf) {
        ParameterCheck check = ParameterCheck.of(MajorVersion.parse(version));
        return RecoveryConf.render(StandbyConfig.following(LEADER, "node1").render("node1", PASSFILE,
                check.version(), check.version().num(), recoveryConf), check);
    }

    @Test
    void from13EverythingPatroniWrites() {
        assertThat(render("15", Map.of("restore_command", "cp /a/%f %p")).params()).containsExactly(
                Map.entry("primary_conninfo", "user=replicator passfile=/home/pg/pgpass host=10.0.0.1 port=5432"
                        + " sslmode=prefer application_name=node1 gssencmode=prefer channel_binding=prefer"),
                Map.entry("primary_slot_name", "node1"), Map.entry("recovery_target", ""),
                Map.entry("recovery_target_lsn", ""), Map.entry("recovery_target_name", ""),
                Map.entry("recovery_target_time", ""), Map.entry("recovery_target_timeline", "latest"),
                Map.entry("recovery_target_xid", ""), Map.entry("restore_command", "cp /a/%f %p"));
    }

    @Test
    void aStandbyLeaderWithARemoteSlotAsksForTheReadWriteHostAndTheSectionsRecoverySettingsWin() {
        ConnectionTarget remote = ConnectionTarget.of("10.0.0.9", 5433, RoleCredentials.of("replicator", "s3cret"));
        ParameterCheck check = ParameterCheck.of(MajorVersion.parse("15"));
        StandbyConfig standbyLeader = new StandbyConfig(java.util.Optional.of(remote),
                java.util.Optional.of("dr_slot"), Map.of("restore_command", "cp /remote/%f %p",
                "recovery_min_apply_delay", "5min"), true);

        var p = RecoveryConf.render(standbyLeader.render("dr1", PASSFILE, check.version(), check.version().num(),
                Map.of("restore_command", "cp /local/%f %p")), check).params();

        assertThat(p).containsEntry("primary_conninfo", "user=replicator passfile=/home/pg/pgpass host=10.0.0.9"
                        + " port=5433 sslmode=prefer application_name=dr1 gssencmode=prefer channel_binding=prefer"
                        + " target_session_attrs=read-write")
                .containsEntry("primary_slot_name", "dr_slot")
                .containsEntry("restore_command", "cp /remote/%f %p")
                .containsEntry("recovery_min_apply_delay", "5min");
    }

    @Test
    void twelveHasNoChannelBinding() {
        assertThat(render("12", Map.of()).params().get("primary_conninfo"))
                .endsWith("application_name=node1 gssencmode=prefer");
    }

    @Test
    void beforeTwelveStandbyModeNoTargetsAndNoGssencmode() {
        var p = render("11", Map.of("recovery_min_apply_delay", "5min")).params();
        assertThat(p).containsEntry("standby_mode", "on").containsEntry("recovery_target_timeline", "latest")
                .containsEntry("recovery_min_apply_delay", "5min").doesNotContainKey("recovery_target")
                .doesNotContainKey("recovery_target_lsn");
        assertThat(p.get("primary_conninfo")).isEqualTo("user=replicator passfile=/home/pg/pgpass host=10.0.0.1"
                + " port=5432 sslmode=prefer application_name=node1");
    }

    @Test
    void beforeTenThePasswordIsInTheConninfo() {
        assertThat(render("9.6", Map.of()).params().get("primary_conninfo"))
                .isEqualTo("user=replicator password=s3cret host=10.0.0.1 port=5432 sslmode=prefer"
                        + " application_name=node1");
    }

    @Test
    void targetsFromRecoveryConfAreIgnoredAndPauseBecomesAnAction() {
        var r = render("15", Map.of("recovery_target_time", "2024-01-01", "pause_at_recovery_target", "false",
                "primary_conninfo", "host=elsewhere"));
        assertThat(r.params()).containsEntry("recovery_target_time", "").containsEntry("recovery_target_action",
                "promote").doesNotContainKey("pause_at_recovery_target");
        assertThat(r.params().get("primary_conninfo")).contains("host=10.0.0.1");
    }

    @Test
    void aSettingTheVersionLacksIsDroppedWithAWarning() {
        var r = render("16", Map.of("promote_trigger_file", "/tmp/promote"));
        assertThat(r.params()).doesNotContainKey("promote_trigger_file");
        assertThat(r.adjustments()).singleElement().satisfies(a -> {
            assertThat(a.warning()).isTrue();
            assertThat(a.message()).contains("promote_trigger_file").contains("removed in 16");
        });
        assertThat(render("15", Map.of("promote_trigger_file", "/tmp/promote")).params())
                .containsEntry("promote_trigger_file", "/tmp/promote");
        assertThat(render("15", Map.of("recovery_min_apply_delay", "soon")).adjustments())
                .extracting(Adjustment::name).containsExactly("recovery_min_apply_delay");
    }
}
