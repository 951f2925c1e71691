package io.jpatroni.ctl.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.ctl.Captures;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.model.Cluster;
import org.junit.jupiter.api.Test;

/** The members view rendered from replayed DCS captures equals what patronictl 3.0.2 printed, byte for byte. */
class MembersTableTest {
    private final Cluster healthy = Captures.cluster("healthy");

    private static String printed(String text) {
        return text + "\n";
    }

    @Test
    void prettyTableWithTags() {
        assertThat(printed(MembersTable.render(healthy, "demo", false, Format.PRETTY)))
                .isEqualTo(Captures.text("list.txt"));
    }

    @Test
    void extendedAddsPendingAndScheduledRestartColumns() {
        assertThat(printed(MembersTable.render(healthy, "demo", true, Format.PRETTY)))
                .isEqualTo(Captures.text("list_extended.txt"));
    }

    @Test
    void jsonLeavesOutEmptyCellsAndKeepsColumnOrder() {
        assertThat(printed(MembersTable.render(healthy, "demo", false, Format.JSON)))
                .isEqualTo(Captures.text("list_json.txt"));
    }

    @Test
    void yamlSortsKeys() {
        assertThat(printed(MembersTable.render(healthy, "demo", false, Format.YAML)))
                .isEqualTo(Captures.text("list_yaml.txt"));
    }

    @Test
    void tsvKeepsClusterColumnAndFlowStyleTags() {
        assertThat(printed(MembersTable.render(healthy, "demo", false, Format.TSV)))
                .isEqualTo(Captures.text("list_tsv.txt"));
    }

    @Test
    void topologyPutsReplicasUnderTheLeader() {
        assertThat(printed(MembersTable.render(healthy, "demo", false, Format.TOPOLOGY)))
                .isEqualTo(Captures.text("topology.txt"));
    }

    @Test
    void afterFailoverTheOldLeaderIsGoneAndTimelinesDiffer() {
        assertThat(printed(MembersTable.render(Captures.cluster("after_failover"), "demo", false, Format.PRETTY)))
                .isEqualTo(Captures.text("list_after_failover_old_leader_down.txt"));
    }

    /** Sync standby, pending/scheduled restart, multi-line tags, no conn_url, pause, scheduled switchover. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"PRETTY,false,synthetic_list.txt", "PRETTY,true,synthetic_list_e.txt",
            "JSON,false,synthetic_list_f_json.txt", "YAML,false,synthetic_list_f_yaml.txt",
            "TSV,false,synthetic_list_f_tsv.txt", "TOPOLOGY,false,synthetic_topology.txt"})
    void rarerPathsAsPatronictlPrintsThem(Format format, boolean extended, String expected) {
        assertThat(printed(MembersTable.render(Captures.cluster("synthetic"), "demo", extended, format)))
                .isEqualTo(Captures.text(expected));
    }

    @Test
    void roleWordsAreTitleCased() {
        assertThat(MembersTable.title("sync standby")).isEqualTo("Sync Standby");
        assertThat(MembersTable.title("standby leader")).isEqualTo("Standby Leader");
    }
}
