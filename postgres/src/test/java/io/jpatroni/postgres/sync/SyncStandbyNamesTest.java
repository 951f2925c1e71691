package io.jpatroni.postgres.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncStandbyNamesTest {

    @Test
    void priorityIsPatronisForm() {
        assertThat(SyncStandbyNames.priority(List.of())).isEmpty();
        assertThat(SyncStandbyNames.priority(List.of("node2"))).contains("node2");
        assertThat(SyncStandbyNames.priority(List.of("node3", "node2"))).contains("2 (node2,node3)");
        assertThat(SyncStandbyNames.priority(List.of("*"))).contains("*");
    }

    @Test
    void quorumIsAnyN() {
        assertThat(SyncStandbyNames.quorum(1, List.of("b", "a"))).contains("ANY 1 (a,b)");
        assertThat(SyncStandbyNames.quorum(1, List.of("a"))).contains("ANY 1 (a)");
        assertThat(SyncStandbyNames.quorum(1, List.of())).contains("*");
        assertThat(SyncStandbyNames.quorum(0, List.of())).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "node1|node1",
        "Node_1$x|Node_1$x",
        "node-1|\"node-1\"",
        "1node|\"1node\"",
        "we\"ird|\"we\"\"ird\"",
        "first|\"first\"",
        "ANY|\"ANY\""})
    void namesAreQuotedOnlyWhenTheyNeedIt(String name, String quoted) {
        assertThat(SyncStandbyNames.quote(name)).isEqualTo(quoted);
        assertThat(SyncStandbyNames.parse(quoted).members()).containsExactly(name);
    }

    @Test
    void parsesEveryFormPostgresAccepts() {
        assertThat(SyncStandbyNames.parse("")).isEqualTo(SyncStandbyNames.OFF);
        assertThat(SyncStandbyNames.parse("  ")).isEqualTo(SyncStandbyNames.OFF);
        assertThat(SyncStandbyNames.parse("a")).isEqualTo(
                new SyncStandbyNames(SyncStandbyNames.Type.PRIORITY, 1, List.of("a")));
        assertThat(SyncStandbyNames.parse(" a , b ")).isEqualTo(
                new SyncStandbyNames(SyncStandbyNames.Type.PRIORITY, 1, List.of("a", "b")));
        assertThat(SyncStandbyNames.parse("2 (a,\"b-c\")")).isEqualTo(
                new SyncStandbyNames(SyncStandbyNames.Type.PRIORITY, 2, List.of("a", "b-c")));
        assertThat(SyncStandbyNames.parse("FiRsT 2(a,b)")).isEqualTo(
                new SyncStandbyNames(SyncStandbyNames.Type.PRIORITY, 2, List.of("a", "b")));
        assertThat(SyncStandbyNames.parse("ANY 1 (a,b)")).isEqualTo(
                new SyncStandbyNames(SyncStandbyNames.Type.QUORUM, 1, List.of("a", "b")));
        assertThat(SyncStandbyNames.parse("first")).isEqualTo(
                new SyncStandbyNames(SyncStandbyNames.Type.PRIORITY, 1, List.of("first")));
        SyncStandbyNames star = SyncStandbyNames.parse("ANY 4(\"a\",*,b)");
        assertThat(star.hasStar()).isTrue();
        assertThat(star.names()).isEqualTo(Set.of("a", "b"));
        assertThat(SyncStandbyNames.parse("2 (Node2,node3)").lists("node2")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1", "a,", "ANY 4(\"a\" b,\"c c\")", "FIRST 4(\"a\",)", "2 (,)"})
    void refusesWhatPostgresRefuses(String value) {
        assertThatThrownBy(() -> SyncStandbyNames.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatIsWrittenParsesBackToTheSameNames() {
        List<String> names = List.of("node-3", "node1", "Node2");
        SyncStandbyNames p = SyncStandbyNames.parse(SyncStandbyNames.priority(names).orElseThrow());
        assertThat(p.num()).isEqualTo(3);
        assertThat(p.names()).containsExactlyInAnyOrder("node-3", "node1", "node2");
        SyncStandbyNames q = SyncStandbyNames.parse(SyncStandbyNames.quorum(2, names).orElseThrow());
        assertThat(q.type()).isEqualTo(SyncStandbyNames.Type.QUORUM);
        assertThat(q.num()).isEqualTo(2);
    }
}
