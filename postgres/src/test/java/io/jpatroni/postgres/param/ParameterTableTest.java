package io.jpatroni.postgres.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParameterTableTest {
    private static final ParameterTable TABLE = ParameterTable.builtIn();

    @Test
    void tableCoversEveryVersionFrom96To17() {
        assertThat(TABLE.size()).isGreaterThan(380);
        for (String v : new String[] {"9.6", "10", "11", "12", "13", "14", "15", "16", "17"}) {
            MajorVersion version = MajorVersion.parse(v);
            assertThat(TABLE.rule("max_connections", version)).as(v).isPresent();
            assertThat(TABLE.rule("Max_Connections", version)).as("case-insensitive, " + v).isPresent();
        }
        assertThat(TABLE.rule("wal_keep_segments", MajorVersion.parse("12"))).isPresent();
        assertThat(TABLE.rule("wal_keep_segments", MajorVersion.parse("13"))).isEmpty();
        assertThat(TABLE.rule("wal_keep_size", MajorVersion.parse("12"))).isEmpty();
        assertThat(TABLE.rule("wal_keep_size", MajorVersion.parse("13"))).isPresent();
    }

    @Test
    void typeChangesAcrossVersionsAreSeparateRules() {
        assertThat(TABLE.rule("autovacuum_vacuum_cost_delay", MajorVersion.parse("11")).orElseThrow().type())
                .isEqualTo(ParameterRule.Type.INTEGER);
        assertThat(TABLE.rule("autovacuum_vacuum_cost_delay", MajorVersion.parse("12")).orElseThrow().type())
                .isEqualTo(ParameterRule.Type.REAL);
        assertThat(TABLE.history("password_encryption")).hasSize(3);
    }

    @Test
    void recoverySettingsAreMarked() {
        ParameterCheck check = ParameterCheck.of(MajorVersion.parse("11"));
        assertThat(check.isRecoveryParameter("restore_command")).isTrue();
        assertThat(check.isRecoveryParameter("standby_mode")).isTrue();
        assertThat(check.isRecoveryParameter("primary_slot_name")).isTrue();
        assertThat(check.isRecoveryParameter("hot_standby")).isFalse();
        assertThat(check.check("standby_mode", "on").isDrop()).isFalse();
        assertThat(ParameterCheck.of(MajorVersion.parse("12")).check("standby_mode", "on").isDrop()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"on,true", "OFF,false", "of,false", "o,", "t,true", "tr,true", "y,true", "ye,true", "n,false",
        "1,true", "0,false", "10,", "True,true", "'',", "maybe,"})
    void booleansAsPostgresParsesThem(String value, Boolean expected) {
        assertThat(ParameterRule.parseBool(value)).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"512MB,8kB,65536", "1GB,MB,1024", "128,MB,128", "2080MB,MB,2080", "16MB,kB,16384",
        "1min,s,60", "15min,s,900", "10s,ms,10000", "1h,ms,3600000", "0x10,-,16", "010,-,8", "0.9,-,0.9",
        "1e3,-,1000", "20,ms,20", "'  64  kB ',kB,64"})
    void numbersAreReadInTheBaseUnit(String value, String unit, double expected) {
        assertThat(SettingNumber.inBaseUnit(value, unit)).hasValue(expected);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"512mb,8kB", "1s,kB", "10MB,ms", "5 apples,-", "abc,-", "'',-", "1GB,-"})
    void postgresRefusesTheseNumbers(String value, String unit) {
        assertThat(SettingNumber.inBaseUnit(value, unit)).isEqualTo(OptionalDouble.empty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"9.6,90600,9.6", "15,150000,15", "10,100000,10", "17,170000,17", "'15\n',150000,15"})
    void majorVersionFromPgVersion(String text, int num, String shown) {
        MajorVersion v = MajorVersion.parse(text);
        assertThat(v.num()).isEqualTo(num);
        assertThat(v).hasToString(shown);
    }

    @Test
    void majorVersionFromServerVersionNum() {
        assertThat(MajorVersion.ofVersionNum(150018)).isEqualTo(MajorVersion.parse("15"));
        assertThat(MajorVersion.ofVersionNum(90624)).isEqualTo(MajorVersion.parse("9.6"));
        assertThatThrownBy(() -> MajorVersion.parse("abc")).hasMessageContaining("abc");
        assertThatThrownBy(() -> MajorVersion.parse("9")).hasMessageContaining("'9'");
    }

    @Test
    void describeConfigNames() {
        String out = "archive_command\tsighup\tWrite-Ahead Log / Archiving\tSTRING\t\t\t\tSets...\t\n"
                + "max_connections\tpostmaster\tConnections\tINTEGER\t0\t1\t262143\tSets...\t\n\ngarbage line\n";
        assertThat(DescribeConfig.names(out)).containsExactlyInAnyOrder("archive_command", "max_connections");
    }
}
