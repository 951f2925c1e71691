package io.jpatroni.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.ctl.Captures;
import org.junit.jupiter.api.Test;

/** demote-cluster / promote-cluster refuse as Patroni 4.1's patronictl does, before anything is written. */
class ClusterRoleChangeTest {
    @Test
    void demoteNeedsARemoteHostPortOrRestoreCommand() {
        Captures.Run run = Captures.run(Captures.store("healthy"), "", "demote-cluster", "demo", "--force");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("At least --host, --port or --restore-command should be specified");
    }

    @Test
    void promotingAClusterWhosePrimaryLeadsIsAlreadyDone() {
        Captures.Run run = Captures.run(Captures.store("healthy"), "", "promote-cluster", "demo", "--force");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Cluster is already in the required state");
    }

    @Test
    void answeringNoAbortsTheDemotion() {
        Captures.Run run = Captures.run(Captures.store("healthy"), "n\n", "demote-cluster", "demo", "--host",
                "10.0.0.5");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("Are you sure you want to demote demo cluster? [y/N]: ")
                .contains("Aborted cluster demotion");
    }
}
