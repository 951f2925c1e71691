package io.jpatroni.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.ctl.Captures;
import io.jpatroni.ctl.CtlException;
import io.jpatroni.ctl.render.PyYaml;
import io.jpatroni.ctl.render.UnifiedDiff;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.pycompat.PyJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigEditsTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) PyYaml.load(text);
    }

    @Test
    void setParsesValuesAsYamlAndEmptyDeletes() {
        Map<String, Object> data = yaml("ttl: 30\nloop_wait: 10\npostgresql:\n  use_slots: true\n");
        Map<String, Object> out = ConfigEdits.applyPairs(data, List.of("ttl=", "loop_wait=5",
                "postgresql.use_slots=off", "synchronous_mode=on", "slots.s1.type=physical"), List.of());
        assertThat(PyJson.dumps(out)).isEqualTo("{\"loop_wait\": 5, \"postgresql\": {\"use_slots\": false}, "
                + "\"synchronous_mode\": true, \"slots\": {\"s1\": {\"type\": \"physical\"}}}");
        assertThat(data).containsEntry("ttl", 30L);
    }

    @Test
    void pgKeepsDotsInParameterNames() {
        Map<String, Object> out = ConfigEdits.applyPairs(yaml("{}"), List.of(),
                List.of("auto_explain.log_min_duration=100", " work_mem=4MB"));
        assertThat(PyJson.dumps(out)).isEqualTo("{\"postgresql\": {\"parameters\": "
                + "{\"auto_explain.log_min_duration\": 100, \"work_mem\": \"4MB\"}}}");
    }

    @Test
    void deletingTheLastKeyRemovesEmptyParents() {
        Map<String, Object> out = ConfigEdits.applyPairs(yaml("postgresql:\n  parameters:\n    a: 1\n"),
                List.of("postgresql.parameters.a="), List.of());
        assertThat(out).isEmpty();
    }

    @Test
    void pairWithoutEqualsIsRefused() {
        assertThatThrownBy(() -> ConfigEdits.applyPairs(yaml("{}"), List.of("ttl"), List.of()))
                .isInstanceOf(CtlException.class).hasMessage("Invalid parameter setting ttl");
    }

    @Test
    void applyMergesRecursivelyAndNullDeletes() {
        Map<String, Object> out = ConfigEdits.patch(yaml("ttl: 30\npostgresql:\n  parameters:\n    a: 1\n    b: 2\n"),
                PyYaml.load("ttl: 40\npostgresql:\n  parameters:\n    a: null\n    c: x\n"));
        assertThat(PyJson.dumps(out)).isEqualTo("{\"ttl\": 40, \"postgresql\": {\"parameters\": "
                + "{\"b\": 2, \"c\": \"x\"}}}");
    }

    @Test
    void diffLooksLikeDifflib() {
        String before = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\n";
        String after = "a: 0\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\n";
        assertThat(UnifiedDiff.diff(before, after)).containsExactly("--- ", "+++ ", "@@ -1,4 +1,4 @@", "-a: 1",
                "+a: 0", " b: 2", " c: 3", " d: 4", "@@ -7,4 +7,3 @@", " g: 7", " h: 8", " i: 9", "-j: 10");
    }

    @Test
    void editConfigWritesWithCompareAndSetAndShowConfigSeesIt() {
        InMemoryKeyValueStore store = Captures.store("healthy");
        Captures.Run run = Captures.run(store, "", "edit-config", "demo", "-s", "loop_wait=5", "-p",
                "max_connections=200", "--force");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("-loop_wait: 10\n+loop_wait: 5\n", "-    max_connections: 100\n"
                + "+    max_connections: 200\n").endsWith("Configuration changed\n");
        assertThat(Captures.run(store, "", "show-config", "demo").output()).startsWith("loop_wait: 5\n");
    }

    @Test
    void editConfigAskedAndDeclinedChangesNothing() {
        InMemoryKeyValueStore store = Captures.store("healthy");
        Captures.Run run = Captures.run(store, "n\n", "edit-config", "demo", "-s", "ttl=40");
        assertThat(run.output()).endsWith("Apply these changes? [y/N]: ");
        assertThat(Captures.run(store, "", "show-config", "demo").output()).contains("ttl: 30");
    }

    @Test
    void noChangeSaysSo() {
        Captures.Run run = Captures.run(Captures.store("healthy"), "", "edit-config", "demo", "-s", "ttl=30");
        assertThat(run.output()).isEqualTo("Not changed\n");
    }
}
