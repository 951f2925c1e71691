package io.jpatroni.daemon.decision;

import static io.jpatroni.daemon.decision.ClusterFixture.cluster;
import static io.jpatroni.daemon.decision.LocalFixture.NOW;
import static io.jpatroni.daemon.decision.LocalFixture.primary;
import static io.jpatroni.daemon.decision.LocalFixture.replica;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.Action.AcquireLock;
import io.jpatroni.daemon.decision.Action.UpdateLock;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.model.Cluster;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.jpatroni.daemon.model.DemoteMode;

/** Switchover, manual failover and pause as a decision table: (cluster, local) → action and status line. */
class ManagementDecisionTest {
    private static final String ME = "node2";
    private static final HaSettings SETTINGS = HaDeciderTest.settings(false, true);
    private static final Map<String, Object> STOPPED = Map.of("state", "stopped");

    private final HaDecider decider = new HaDecider();

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, Class<? extends Action> action,
                         String status) {
        return Arguments.of(name, cluster.build(), local.build(), action, status);
    }

    static Stream<Arguments> table() {
        return Stream.of(
            row("switchover from me to a running candidate: demote gracefully",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").failover(ME, "node1"), primary(),
                    UpdateLock.class, HaMessages.MANUAL_FAILOVER_DEMOTING),
            row("switchover from me to any running replica: demote gracefully",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").failover(ME, null), primary(),
                    UpdateLock.class, HaMessages.MANUAL_FAILOVER_DEMOTING),
            row("failover (no leader named) to a running candidate while I lead: demote gracefully",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").failover(null, "node1"), primary(),
                    UpdateLock.class, HaMessages.MANUAL_FAILOVER_DEMOTING),
            row("switchover to a candidate that is not running: clean the key up, stay leader",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1", STOPPED).failover(ME, "node1"), primary(),
                    UpdateLock.class, HaMessages.leaderWithLock(ME)),
            row("switchover naming another leader: clean the key up",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").failover("node9", "node1"), primary(),
                    UpdateLock.class, HaMessages.leaderWithLock(ME)),
            row("switchover to myself: clean the key up",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").failover(null, ME), primary(),
                    UpdateLock.class, HaMessages.leaderWithLock(ME)),
            row("scheduled switchover an hour away: keep leading",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1")
                            .scheduledSwitchover(ME, "node1", NOW.plusSeconds(3600)), primary(),
                    UpdateLock.class, HaMessages.leaderWithLock(ME)),
            row("scheduled switchover due within loop_wait: demote gracefully",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1")
                            .scheduledSwitchover(ME, "node1", NOW.plusSeconds(3)), primary(),
                    UpdateLock.class, HaMessages.MANUAL_FAILOVER_DEMOTING),

            row("no leader and I am the named candidate: race at once",
                    cluster().initialized("7000000000000000042").member("node1").member("node3").failover("node1", ME),
                    replica().peer("node3", 500), AcquireLock.class, HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
            row("no leader, another running member is the candidate: stand back, keep streaming settings",
                    cluster().initialized("7000000000000000042").member("node1").member("node3").failover("node1", "node3"),
                    replica().lsn(500).peer("node3", 100), Action.NoAction.class, HaMessages.FOLLOWING_NOT_HEALTHIEST),
            row("no leader, the named candidate is stopped: the healthiest races instead",
                    cluster().initialized("7000000000000000042").member("node1").member("node3", STOPPED).failover("node1", "node3"),
                    replica().lsn(500), AcquireLock.class, HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
            row("former leader after its switchover, others can take over: follow",
                    cluster().initialized("7000000000000000042").member(ME).member("node1").failover(ME, null), replica(),
                    Action.NoAction.class, HaMessages.FOLLOWING_NOT_HEALTHIEST),
            row("switchover to any: the old leader's position does not veto",
                    cluster().initialized("7000000000000000042").member("node1").failover("node1", null), replica().lsn(100)
                            .peer("node1", new PeerStatus(true, false, 200, false, 0)),
                    AcquireLock.class, HaMessages.PROMOTED_BY_ACQUIRING_LOCK),

            row("paused leader with the lock: renew, nothing else",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").paused(), primary(),
                    UpdateLock.class, "PAUSE: " + HaMessages.leaderWithLock(ME)),
            row("paused, my postgres is down while I hold the lock: release it, do not start",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").paused(), primary().crashed(),
                    Action.ReleaseLock.class, "PAUSE: removed leader lock because postgres is not running"),
            row("paused replica with postgres stopped: leave it stopped",
                    cluster().initialized("7000000000000000042").leader("node1").paused(), replica().stopped(),
                    Action.NoAction.class, "PAUSE: postgres is not running"),
            row("paused, no leader: a replica does not promote",
                    cluster().initialized("7000000000000000042").member("node1").paused(), replica(),
                    Action.NoAction.class, "PAUSE: no action. I am (node2)"),
            row("paused, no leader, still primary: take the lock back",
                    cluster().initialized("7000000000000000042").paused(), primary(),
                    AcquireLock.class, "PAUSE: acquired session lock as a leader"),
            row("paused, no leader, I am the named failover candidate: promote",
                    cluster().initialized("7000000000000000042").member("node1").paused().failover(null, ME), replica(),
                    AcquireLock.class, "PAUSE: promoted self to leader by acquiring session lock"),
            row("paused, no leader, another candidate is named: stay",
                    cluster().initialized("7000000000000000042").member("node1").paused().failover(null, "node1"), replica(),
                    Action.NoAction.class, "PAUSE: no action. I am (node2)"),
            row("paused replica follows the leader",
                    cluster().initialized("7000000000000000042").leader("node1").member(ME).paused(), replica(),
                    Action.Follow.class, "PAUSE: " + HaMessages.followingLeader(ME, "node1")),
            row("paused primary without the lock: keep running",
                    cluster().initialized("7000000000000000042").leader("node1").paused(), primary(),
                    Action.NoAction.class, "PAUSE: continue to run as primary without lock"),
            row("paused, I hold the lock but run as a replica: release it",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").paused(), replica(),
                    Action.ReleaseLock.class, "PAUSE: removed leader lock because postgres is not running as primary"),
            row("paused, restart running under the lock: keep the lock",
                    cluster().initialized("7000000000000000042").leader(ME).paused(), primary().running(TaskKind.RESTART),
                    UpdateLock.class, "PAUSE: " + HaMessages.updatedLockDuring("restart")),
            row("paused leader with a switchover to a named candidate: demote gracefully",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1").paused().failover(ME, "node1"), primary(),
                    UpdateLock.class, "PAUSE: " + HaMessages.MANUAL_FAILOVER_DEMOTING)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Cluster cluster, LocalState local, Class<? extends Action> action, String status) {
        Decision decision = decider.decide(Optional.of(cluster), local, SETTINGS);

        assertThat(decision.action()).isInstanceOf(action);
        assertThat(decision.status()).isEqualTo(status);
    }

    @Test
    void switchoverDemotesGracefullyOnlyAfterRenewingTheLock() {
        Cluster c = cluster().initialized("7000000000000000042").leader(ME).member("node1").failover(ME, "node1").build();

        UpdateLock renew = (UpdateLock) decider.decide(Optional.of(c), primary().build(), SETTINGS).action();

        assertThat(renew.onSuccess().action()).isEqualTo(new Action.Demote(DemoteMode.GRACEFUL));
        assertThat(renew.onFailure().action()).isEqualTo(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK));
    }

    @Test
    void keyCleanUpKeepsTheLeadersStatus() {
        Cluster c = cluster().initialized("7000000000000000042").leader(ME).member("node1", STOPPED).failover(ME, "node1").build();

        UpdateLock renew = (UpdateLock) decider.decide(Optional.of(c), primary().build(), SETTINGS).action();

        assertThat(renew.onSuccess().action()).isEqualTo(Action.sequence(Action.ClearFailover.empty(),
                new Action.NoAction()));
    }

    @Test
    void theNewLeaderEmptiesTheFailoverKeyBeforePromoting() {
        Cluster c = cluster().initialized("7000000000000000042").member("node1").failover("node1", ME).build();

        AcquireLock race = (AcquireLock) decider.decide(Optional.of(c), replica().build(), SETTINGS).action();

        assertThat(race.onWin().action()).isEqualTo(Action.sequence(Action.ClearFailover.afterAcquiringLock(),
                new Action.Promote()));
        assertThat(race.onLose().status()).isEqualTo(HaMessages.FOLLOWING_AFTER_FAILED_LOCK);
    }

    @Test
    void scheduledSwitchoverDueSoonWaitsForItsTimeFirst() {
        Cluster c = cluster().initialized("7000000000000000042").leader(ME).member("node1")
                .scheduledSwitchover(ME, "node1", NOW.plusSeconds(3)).build();

        UpdateLock renew = (UpdateLock) decider.decide(Optional.of(c), primary().build(), SETTINGS).action();

        assertThat(renew.onSuccess().action()).isEqualTo(Action.sequence(new Action.WaitUntil(NOW.plusSeconds(3)),
                new Action.Demote(DemoteMode.GRACEFUL)));
    }
}
