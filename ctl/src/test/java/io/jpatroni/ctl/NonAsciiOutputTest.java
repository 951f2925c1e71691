package io.jpatroni.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.ctl.cluster.MembersTable;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.kv.Condition;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * jpatronictl prints and writes what a real patronictl 3.0.2 did for tags and configuration with non-ASCII text,
 * control characters, DEL, floats and a huge integer ({@code captures/non-ascii}).
 */
class NonAsciiOutputTest {

    private static InMemoryKeyValueStore store() {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        put(store, "config", Captures.text("non-ascii/dcs_config_bootstrap.value"));
        put(store, "initialize", "7712436047514910429");
        put(store, "leader", "node1");
        put(store, "members/node1", Captures.text("non-ascii/dcs_member_node1.value"));
        return store;
    }

    private static void put(InMemoryKeyValueStore store, String key, String value) {
        store.put("/service/uni/" + key, value, OptionalLong.empty(), Condition.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PRETTY,patronictl_list_pretty.txt", "TSV,patronictl_list_tsv.txt", "JSON,patronictl_list_json.txt",
        "YAML,patronictl_list_yaml.txt", "TOPOLOGY,patronictl_topology.txt"})
    void listAsPatronictlPrintsIt(Format format, String capture) {
        String printed = MembersTable.render(Captures.cluster(store(), "uni"), "uni", false, format) + "\n";
        assertThat(printed).isEqualTo(Captures.text("non-ascii/" + capture));
    }

    @Test
    void showConfigAsPatronictlPrintsIt() {
        Captures.Run run = Captures.run(store(), "", "show-config", "uni");
        assertThat(run.output()).isEqualTo(Captures.text("non-ascii/patronictl_show_config.txt"));
    }

    @Test
    void editConfigWritesWhatPatronictlWrote() {
        InMemoryKeyValueStore store = store();
        put(store, "config", "{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,\"maximum_lag_on_failover\":1048576,"
                + "\"postgresql\":{\"use_pg_rewind\":true,\"use_slots\":true,\"parameters\":{\"max_connections\":100,"
                + "\"wal_level\":\"replica\",\"hot_standby\":\"on\",\"log_line_prefix\":\"%m Z\\u00fcrich \\u2603 \"}},"
                + "\"x_ratio\":0.5}");
        Captures.Run run = Captures.run(store, "", "edit-config", "uni", "--force", "-s",
                "postgresql.parameters.log_line_prefix='%m Genève ☃ 𝄞 '", "-s", "x_ratio=0.25");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo(Captures.text("non-ascii/patronictl_edit_config.txt"));
        assertThat(store.get("/service/uni/config").orElseThrow().value())
                .isEqualTo(Captures.text("non-ascii/dcs_config_after_edit_config.value"));
        assertThat(Captures.run(store, "", "show-config", "uni").output())
                .isEqualTo(Captures.text("non-ascii/patronictl_show_config_after_edit.txt"));
    }
}
