package io.jpatroni.postgres.param;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.controldata.ControlData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecoverySensitiveTest {
    private static final Map<String, String> CONF = Map.of("max_connections", "100", "max_worker_processes", "8",
            "max_wal_senders", "10", "max_prepared_transactions", "0", "max_locks_per_transaction", "64",
            "track_commit_timestamp", "off");

    private static ControlData primaryRanWith(String connections, String workers, String senders, String xacts,
                                              String locks, String commitTs) {
        return new ControlData(Map.of("Database cluster state", "in archive recovery",
                "max_connections setting", connections, "max_worker_processes setting", workers,
                "max_wal_senders setting", senders, "max_prepared_xacts setting", xacts,
                "max_locks_per_xact setting", locks, "track_commit_timestamp setting", commitTs));
    }

    @Test
    void lowerConfiguredValuesAreRaisedToThePrimarys() {
        var raises = RecoverySensitive.raises(CONF, primaryRanWith("101", "8", "20", "5", "64", "on"),
                MajorVersion.parse("15"));
        assertThat(raises).extracting(RecoverySensitive.Raise::parameter, RecoverySensitive.Raise::primary)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("max_connections", "101"),
                        org.assertj.core.groups.Tuple.tuple("max_wal_senders", "20"),
                        org.assertj.core.groups.Tuple.tuple("max_prepared_transactions", "5"));
        assertThat(raises.get(0).message()).startsWith("max_connections raised from 100 to 101");
    }

    @Test
    void higherOrEqualConfiguredValuesStay() {
        assertThat(RecoverySensitive.raises(CONF, primaryRanWith("50", "8", "10", "0", "32", "off"),
                MajorVersion.parse("15"))).isEmpty();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @CsvSource({"9.6,false", "11,false", "12,true", "17,true"})
    void maxWalSendersIsInPgControlFrom12(String version, boolean raised) {
        var raises = RecoverySensitive.raises(CONF, primaryRanWith("100", "8", "20", "0", "64", "off"),
                MajorVersion.parse(version));
        assertThat(raises.stream().anyMatch(r -> r.parameter().equals("max_wal_senders"))).isEqualTo(raised);
    }

    @Test
    void missingOrUnreadableControlDataLinesRaiseNothing() {
        ControlData sparse = new ControlData(Map.of("Database cluster state", "shut down in recovery",
                "max_connections setting", "garbage"));
        assertThat(RecoverySensitive.raises(CONF, sparse, MajorVersion.parse("15"))).isEmpty();
    }
}
