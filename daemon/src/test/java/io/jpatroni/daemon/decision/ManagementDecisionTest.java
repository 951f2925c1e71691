package io.jpatroni.daemon.decision;

import static io.jpatroni.daemon.decision.ClusterFixture.cluster;
import static io.jpatroni.daemon.decision.ClusterFixture.led;
import static io.jpatroni.daemon.decision.ClusterFixture.unlocked;
import static io.jpatroni.daemon.decision.Decisions.decision;
import static io.jpatroni.daemon.decision.Decisions.demote;
import static io.jpatroni.daemon.decision.Decisions.follow;
import static io.jpatroni.daemon.decision.Decisions.followNobody;
import static io.jpatroni.daemon.decision.Decisions.noAction;
import static io.jpatroni.daemon.decision.Decisions.paused;
import static io.jpatroni.daemon.decision.Decisions.race;
import static io.jpatroni.daemon.decision.Decisions.renew;
import static io.jpatroni.daemon.decision.LocalFixture.NOW;
import static io.jpatroni.daemon.decision.LocalFixture.primary;
import static io.jpatroni.daemon.decision.LocalFixture.replica;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.Action.AcquireLock;
import io.jpatroni.daemon.decision.Action.UpdateLock;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.model.Cluster;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Switchover, manual failover and pause as a decision table: (cluster, local) → the row that answers and the whole
 * decision.
 */
class ManagementDecisionTest {
    private static final String ME = "node2";
    private static final HaSettings SETTINGS = HaDeciderTest.settings(false, true);
    private static final Map<String, Object> STOPPED = Map.of("state", "stopped");

    private final HaDecider decider = new HaDecider();

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, String rule, Decision expected) {
        return Arguments.of(name, Optional.of(cluster.build()), local.build(), SETTINGS, rule, expected);
    }

    static Stream<Arguments> table() {
        Decision leading = noAction(HaMessages.leaderWithLock(ME));
        Decision demoting = decision(demote(DemoteMode.GRACEFUL), HaMessages.MANUAL_FAILOVER_DEMOTING);
        // the key the fixture reads has mod revision 7: the clean-up is a compare-and-set on it
        Decision cleanUp = decision(Action.sequence(Action.ClearFailover.ifUnchanged(7), new Action.NoAction()),
                leading.status());
        Decision raceAsCandidate = race(decision(Action.sequence(Action.ClearFailover.afterAcquiringLock(),
                        new Action.Promote()), HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
                decision(followNobody(), HaMessages.FOLLOWING_AFTER_FAILED_LOCK));
        Decision standBack = noAction(HaMessages.FOLLOWING_NOT_HEALTHIEST);
        Decision pausedLeading = noAction(paused(HaMessages.leaderWithLock(ME)));
        Decision pausedRenewalFailed = noAction(paused(HaMessages.PAUSE_PRIMARY_FAILED_UPDATE));
        Decision pausedIdle = noAction(paused(HaMessages.noActionIAm(ME)));
        return Stream.of(
            row("switchover from me to a running candidate: demote gracefully",
                    led(ME).member("node1").failover(ME, "node1"), primary(), "leader", renew(demoting)),
            row("switchover from me to any running replica: demote gracefully",
                    led(ME).member("node1").failover(ME, null), primary(), "leader", renew(demoting)),
            row("failover (no leader named) to a running candidate while I lead: demote gracefully",
                    led(ME).member("node1").failover(null, "node1"), primary(), "leader", renew(demoting)),
            row("switchover to a candidate that is not running: clean the key up, stay leader",
                    led(ME).member("node1", STOPPED).failover(ME, "node1"), primary(), "leader", renew(cleanUp)),
            row("switchover naming another leader: clean the key up",
                    led(ME).member("node1").failover("node9", "node1"), primary(), "leader", renew(cleanUp)),
            row("switchover to myself: clean the key up",
                    led(ME).member("node1").failover(null, ME), primary(), "leader", renew(cleanUp)),
            row("scheduled switchover an hour away: keep leading",
                    led(ME).member("node1").scheduledSwitchover(ME, "node1", NOW.plusSeconds(3600)), primary(),
                    "leader", renew(leading)),
            row("scheduled switchover due within loop_wait: wait for its time, then demote gracefully",
                    led(ME).member("node1").scheduledSwitchover(ME, "node1", NOW.plusSeconds(3)), primary(),
                    "leader", renew(decision(Action.sequence(new Action.WaitUntil(NOW.plusSeconds(3)),
                            demote(DemoteMode.GRACEFUL)), HaMessages.MANUAL_FAILOVER_DEMOTING))),
            row("scheduled switchover int(1.5 x loop_wait) late: still run",
                    led(ME).member("node1").scheduledSwitchover(ME, "node1", NOW.minusSeconds(15)), primary(),
                    "leader", renew(demoting)),
            row("scheduled switchover later than that: stale, clean the key up",
                    led(ME).member("node1").scheduledSwitchover(ME, "node1", NOW.minusSeconds(16)), primary(),
                    "leader", renew(cleanUp)),

            row("no leader and I am the named candidate: race at once",
                    unlocked().member("node1").member("node3").failover("node1", ME), replica().peer("node3", 500),
                    "leader-race", raceAsCandidate),
            row("no leader, another running member is the candidate: stand back, keep streaming settings",
                    unlocked().member("node1").member("node3").failover("node1", "node3"),
                    replica().lsn(500).peer("node3", 100), "leader-race", standBack),
            row("no leader, the named candidate is stopped: the healthiest races instead",
                    unlocked().member("node1").member("node3", STOPPED).failover("node1", "node3"),
                    replica().lsn(500), "leader-race", raceAsCandidate),
            row("former leader after its switchover, others can take over: follow",
                    unlocked().member(ME).member("node1").failover(ME, null), replica(), "leader-race", standBack),
            row("switchover to any: the old leader's position does not veto",
                    unlocked().member("node1").failover("node1", null), replica().lsn(100)
                            .peer("node1", new PeerStatus(true, false, 200, false, 0)),
                    "leader-race", raceAsCandidate),

            row("paused leader with the lock: renew, nothing else",
                    led(ME).member("node1").paused(), primary(), "paused", renew(pausedLeading, pausedRenewalFailed)),
            row("paused, my postgres is down while I hold the lock: release it, do not start",
                    led(ME).member("node1").paused(), primary().crashed(), "paused",
                    decision(new Action.ReleaseLock(), "PAUSE: removed leader lock because postgres is not running")),
            row("paused replica with postgres stopped: leave it stopped",
                    led("node1").paused(), replica().stopped(), "paused",
                    noAction("PAUSE: postgres is not running")),
            row("paused, no leader: a replica does not promote",
                    unlocked().member("node1").paused(), replica(), "paused", pausedIdle),
            row("paused, no leader, still primary: take the lock back",
                    unlocked().paused(), primary(), "paused",
                    race(noAction("PAUSE: acquired session lock as a leader"),
                            noAction("PAUSE: continue to run as primary without lock"))),
            row("paused, no leader, I am the named failover candidate: promote",
                    unlocked().member("node1").paused().failover(null, ME), replica(), "paused",
                    race(decision(Action.sequence(Action.ClearFailover.afterAcquiringLock(), new Action.Promote()),
                            "PAUSE: promoted self to leader by acquiring session lock"), pausedIdle)),
            row("paused, no leader, another candidate is named: stay",
                    unlocked().member("node1").paused().failover(null, "node1"), replica(), "paused", pausedIdle),
            row("paused replica follows the leader",
                    led("node1").member(ME).paused(), replica(), "paused",
                    decision(follow("node1"), "PAUSE: " + HaMessages.followingLeader(ME, "node1"))),
            row("paused primary without the lock: keep running",
                    led("node1").paused(), primary(), "paused",
                    noAction("PAUSE: continue to run as primary without lock")),
            row("paused, I hold the lock but run as a replica: release it",
                    led(ME).member("node1").paused(), replica(), "paused",
                    decision(new Action.ReleaseLock(),
                            "PAUSE: removed leader lock because postgres is not running as primary")),
            row("paused, restart running under the lock: keep the lock",
                    led(ME).paused(), primary().running(TaskKind.RESTART), "task-running",
                    renew(noAction("PAUSE: " + HaMessages.updatedLockDuring("restart")),
                            noAction("PAUSE: " + HaMessages.lostLockDuring("restart")))),
            row("paused leader with a switchover to a named candidate: demote gracefully",
                    led(ME).member("node1").paused().failover(ME, "node1"), primary(), "paused",
                    renew(decision(demote(DemoteMode.GRACEFUL), "PAUSE: " + HaMessages.MANUAL_FAILOVER_DEMOTING),
                            pausedRenewalFailed))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Optional<Cluster> cluster, LocalState local, HaSettings settings, String rule,
                 Decision expected) {
        HaDecider.Explanation explained = decider.explain(ClusterView.of(cluster, settings), local);

        assertThat(explained.decision()).isEqualTo(expected);
        assertThat(explained.rule().name()).isEqualTo(rule);
    }

    @Test
    void switchoverDemotesGracefullyOnlyAfterRenewingTheLock() {
        Cluster c = led(ME).member("node1").failover(ME, "node1").build();

        UpdateLock renew = (UpdateLock) decider.decide(Optional.of(c), primary().build(), SETTINGS).action();

        assertThat(renew.onSuccess().action()).isEqualTo(new Action.Demote(DemoteMode.GRACEFUL));
        assertThat(renew.onFailure().action()).isEqualTo(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK));
    }

    @Test
    void keyCleanUpKeepsTheLeadersStatus() {
        Cluster c = led(ME).member("node1", STOPPED).failover(ME, "node1").build();

        UpdateLock renew = (UpdateLock) decider.decide(Optional.of(c), primary().build(), SETTINGS).action();

        assertThat(renew.onSuccess().action()).isEqualTo(Action.sequence(Action.ClearFailover.ifUnchanged(7),
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
