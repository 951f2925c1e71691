package io.jpatroni.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.daemon.decision.Action;
import io.jpatroni.daemon.decision.Decision;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** jpatroni's own metrics: what the loop and the DCS client record, as {@code GET /metrics} renders it. */
class DaemonMetricsTest {
    private static final String L = "scope=\"demo\",name=\"node1\"";

    private static String render(DaemonMetrics m) {
        StringBuilder out = new StringBuilder();
        m.appendTo(out, L);
        return out.toString();
    }

    @Test
    void cyclesFillTheHistogramAndCountDecisionsByRowAndActionKind() {
        DaemonMetrics m = new DaemonMetrics();
        Action update = new Action.UpdateLock(Decision.noAction("a"), Decision.noAction("b"));
        m.cycle("leader", update, Duration.ofMillis(3));
        m.cycle("leader", update, Duration.ofMillis(40));
        m.cycle("replica", new Action.NoAction(), Duration.ofSeconds(12));
        String text = render(m);
        assertThat(text).contains(
                "# TYPE jpatroni_ha_cycle_duration_seconds histogram\n",
                "jpatroni_ha_cycle_duration_seconds_bucket{" + L + ",le=\"0.005\"} 1\n",
                "jpatroni_ha_cycle_duration_seconds_bucket{" + L + ",le=\"0.025\"} 1\n",
                "jpatroni_ha_cycle_duration_seconds_bucket{" + L + ",le=\"0.05\"} 2\n",
                "jpatroni_ha_cycle_duration_seconds_bucket{" + L + ",le=\"10\"} 2\n",
                "jpatroni_ha_cycle_duration_seconds_bucket{" + L + ",le=\"+Inf\"} 3\n",
                "jpatroni_ha_cycle_duration_seconds_sum{" + L + "} 12.043\n",
                "jpatroni_ha_cycle_duration_seconds_count{" + L + "} 3\n",
                "jpatroni_ha_decisions_total{" + L + ",rule=\"leader\",action=\"update_lock\"} 2\n",
                "jpatroni_ha_decisions_total{" + L + ",rule=\"replica\",action=\"no_action\"} 1\n");
    }

    @Test
    void everyActionKindIsASnakeCaseWord() {
        for (Class<?> kind : Action.class.getPermittedSubclasses()) {
            assertThat(DaemonMetrics.snake(kind.getSimpleName())).matches("[a-z][a-z0-9_]*");
        }
        assertThat(DaemonMetrics.snake("ExtendLeadershipByFailsafe")).isEqualTo("extend_leadership_by_failsafe");
    }

    @Test
    void theDcsClientCountsLockWritesByOutcomeAndErrorsByOperation() {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        DaemonMetrics m = new DaemonMetrics();
        String before = render(m);
        assertThat(before).contains(
                "jpatroni_leader_lock_renewals_total{" + L + ",outcome=\"renewed\"} 0\n",
                "jpatroni_leader_lock_renewals_total{" + L + ",outcome=\"failed\"} 0\n",
                "jpatroni_leader_lock_renewals_total{" + L + ",outcome=\"dcs_error\"} 0\n",
                "jpatroni_leader_lock_acquisitions_total{" + L + ",outcome=\"acquired\"} 0\n",
                "jpatroni_dcs_errors_total{" + L + ",operation=\"load\"} 0\n");

        Dcs node1 = MeteredDcs.wrap(DcsFactory.inMemory(store, "/service/", "demo", "node1", 30), m);
        Dcs node2 = MeteredDcs.wrap(DcsFactory.inMemory(store, "/service/", "demo", "node2", 30), m);
        node1.load();
        assertThat(node1.attemptToAcquireLeader()).isTrue();
        node2.load();
        assertThat(node2.attemptToAcquireLeader()).isFalse();
        node1.load();
        assertThat(node1.updateLeader(LeaderStatus.of(0))).isTrue();
        node2.load();
        assertThat(node2.updateLeader(LeaderStatus.of(0))).isFalse();
        node1.load();
        store.setAvailable(false);
        assertThatThrownBy(() -> node1.updateLeader(LeaderStatus.of(0))).isInstanceOf(DcsUnavailableException.class);
        assertThatThrownBy(node1::read).isInstanceOf(DcsUnavailableException.class);
        assertThat(node1).isEqualTo(node1).isNotEqualTo(node2);

        assertThat(render(m)).contains(
                "jpatroni_leader_lock_acquisitions_total{" + L + ",outcome=\"acquired\"} 1\n",
                "jpatroni_leader_lock_acquisitions_total{" + L + ",outcome=\"failed\"} 1\n",
                "jpatroni_leader_lock_renewals_total{" + L + ",outcome=\"renewed\"} 1\n",
                "jpatroni_leader_lock_renewals_total{" + L + ",outcome=\"failed\"} 1\n",
                "jpatroni_leader_lock_renewals_total{" + L + ",outcome=\"dcs_error\"} 1\n",
                "jpatroni_dcs_errors_total{" + L + ",operation=\"load\"} 0\n",
                "jpatroni_dcs_errors_total{" + L + ",operation=\"read\"} 1\n",
                "jpatroni_dcs_errors_total{" + L + ",operation=\"update_leader\"} 1\n");
    }
}
