package io.jpatroni.postgres.rewind;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.postgres.Lsn;
import io.jpatroni.postgres.controldata.ControlData.LocalPosition;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RewindPlannerTest {
    private static final HistoryFile HISTORY = HistoryFile.parse(
            "1\t0/5000000\tno recovery target specified\n2\t0/7000000\tno recovery target specified\n");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("same timeline", primary(3, "0/9000000"), 3, OptionalLong.empty(), false),
                Arguments.of("local ahead of leader", primary(4, "0/1000000"), 3, OptionalLong.empty(), true),
                Arguments.of("replica behind switch point", replica(2, "0/6000000"), 3, OptionalLong.empty(), false),
                Arguments.of("replica exactly at switch point", replica(2, "0/7000000"), 3, OptionalLong.empty(),
                        false),
                Arguments.of("replica past switch point", replica(2, "0/7000100"), 3, OptionalLong.empty(), true),
                Arguments.of("old primary wrote past switch", primary(2, "0/7000000"), 3, OptionalLong.empty(), true),
                Arguments.of("old primary checkpoint ends at switch", primary(2, "0/6FFFF90"), 3,
                        OptionalLong.of(Lsn.parse("0/7000000")), false),
                Arguments.of("old primary checkpoint end unknown", primary(2, "0/6FFFF90"), 3,
                        OptionalLong.empty(), true),
                Arguments.of("timeline 1 before first switch", replica(1, "0/4000000"), 3, OptionalLong.empty(),
                        false),
                Arguments.of("timeline not in history", primary(5, "0/1"), 6, OptionalLong.empty(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, LocalPosition local, int leaderTimeline, OptionalLong checkpointEnd, boolean need) {
        RewindPlanner.Decision d = RewindPlanner.decide(local, leaderTimeline, Optional.of(HISTORY), checkpointEnd);
        assertThat(d.needRewind()).as(d.reason()).isEqualTo(need);
        assertThat(d.reason()).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void missingHistoryMeansRewind() {
        assertThat(RewindPlanner.decide(primary(1, "0/1"), 2, Optional.empty(), OptionalLong.empty()).needRewind())
                .isTrue();
    }

    @ParameterizedTest(name = "use_pg_rewind={0} possible={1} remove_on_diverged={2} -> {3}")
    @org.junit.jupiter.params.provider.CsvSource({
        "true, true, false, REWIND", "true, true, true, REWIND", "true, false, true, REMOVE_DATA_DIRECTORY",
        "false, true, true, REMOVE_DATA_DIRECTORY", "false, true, false, IMPOSSIBLE", "true, false, false, IMPOSSIBLE"})
    void choosesAction(boolean use, boolean possible, boolean removeOnDiverged, RewindPlanner.Action expected) {
        var policy = new io.jpatroni.postgres.PostgresSettings.RewindPolicy(use, false, removeOnDiverged);
        assertThat(RewindPlanner.action(policy, possible)).isEqualTo(expected);
    }

    private static LocalPosition primary(int tli, String lsn) {
        return new LocalPosition(false, tli, Lsn.parse(lsn));
    }

    private static LocalPosition replica(int tli, String lsn) {
        return new LocalPosition(true, tli, Lsn.parse(lsn));
    }
}
