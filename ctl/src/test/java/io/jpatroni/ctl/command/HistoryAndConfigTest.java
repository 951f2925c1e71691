package io.jpatroni.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.ctl.Captures;
import io.jpatroni.ctl.render.PyYaml;
import io.jpatroni.ctl.render.TableOutput.Format;
import org.junit.jupiter.api.Test;

class HistoryAndConfigTest {
    @Test
    void historyAfterThreePromotions() {
        assertThat(HistoryCommand.render(Captures.cluster("after_patronictl_failover"), Format.PRETTY) + "\n")
                .isEqualTo(Captures.text("history_after_events.txt"));
    }

    @Test
    void emptyHistoryIsAFrameWithHeaders() {
        assertThat(HistoryCommand.render(Captures.cluster("healthy"), Format.PRETTY) + "\n")
                .isEqualTo(Captures.text("history_initial.txt"));
    }

    @Test
    void historyAsJsonKeepsNumbers() {
        assertThat(HistoryCommand.render(Captures.cluster("after_failover"), Format.JSON)).isEqualTo(
                "[{\"TL\": 1, \"LSN\": 67108960, \"Reason\": \"no recovery target specified\", "
                        + "\"Timestamp\": \"2026-11-22T01:35:24.283615+00:00\", \"New Leader\": \"node2\"}]");
    }

    @Test
    void showConfigIsSortedYamlWithQuotedOn() {
        assertThat(PyYaml.dump(ShowConfigCommand.configData(Captures.cluster("healthy"))) + "\n")
                .isEqualTo(Captures.text("show_config.txt"));
    }

    @Test
    void showConfigThroughTheCommandLine() {
        Captures.Run run = Captures.run(Captures.store("healthy"), "", "show-config", "demo");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEqualTo(Captures.text("show_config.txt"));
    }
}
