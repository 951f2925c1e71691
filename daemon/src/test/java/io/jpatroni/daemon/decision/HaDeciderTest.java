package io.jpatroni.daemon.decision;

import static io.jpatroni.daemon.decision.ClusterFixture.cluster;
import static io.jpatroni.daemon.decision.LocalFixture.emptyDataDir;
import static io.jpatroni.daemon.decision.LocalFixture.primary;
import static io.jpatroni.daemon.decision.LocalFixture.replica;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.Action.AcquireLock;
import io.jpatroni.daemon.decision.Action.RaceInitialize;
import io.jpatroni.daemon.decision.Action.UpdateLock;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import io.jpatroni.daemon.model.DemoteMode;

/** The HA decision as a table: (cluster, local state, settings) → action and Patroni's status line. */
class HaDeciderTest {
    private static final String ME = "node2";
    private static final HaSettings SETTINGS = settings(false, true);

    private final HaDecider decider = new HaDecider();

    static HaSettings settings(boolean noFailover, boolean usePgRewind) {
        return new HaSettings(ME, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1_048_576, Duration.ofSeconds(300), false, usePgRewind, noFailover, 0);
    }

    static HaSettings startTimeout(int seconds) {
        return new HaSettings(ME, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1_048_576, Duration.ofSeconds(seconds), false, true, false, 0);
    }

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, Class<? extends Action> action,
                         String status) {
        return Arguments.of(name, Optional.of(cluster.build()), local.build(), SETTINGS, action, status);
    }

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, HaSettings settings,
                         Class<? extends Action> action, String status) {
        return Arguments.of(name, Optional.of(cluster.build()), local.build(), settings, action, status);
    }

    static Stream<Arguments> table() {
        return Stream.of(
            Arguments.of("DCS down, primary demotes offline", Optional.<Cluster>empty(), primary().build(), SETTINGS,
                    Action.Demote.class, HaMessages.DEMOTED_DCS_INACCESSIBLE),
            Arguments.of("DCS down, replica keeps running", Optional.<Cluster>empty(), replica().build(), SETTINGS,
                    Action.NoAction.class, HaMessages.DCS_INACCESSIBLE),

            row("empty cluster, empty data dir: race for initialize", cluster(), emptyDataDir(),
                    RaceInitialize.class, HaMessages.TRYING_TO_BOOTSTRAP),
            row("bootstrap under way elsewhere, no leader yet: wait", cluster().initialized(""), emptyDataDir(),
                    Action.NoAction.class, HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP),
            row("leader exists, empty data dir: clone from it", cluster().initialized("7000000000000000042").leader("node1"),
                    emptyDataDir(), Action.CloneFrom.class, HaMessages.bootstrapFromLeader("node1")),
            row("holding the lock with an empty data dir: release it", cluster().initialized("7000000000000000042").leader(ME),
                    emptyDataDir(), Action.ReleaseLock.class, HaMessages.RELEASED_EMPTY_DATA_DIR),

            row("bootstrap running: report progress", cluster().initialized(""), emptyDataDir()
                    .running(TaskKind.BOOTSTRAP), Action.NoAction.class, HaMessages.inProgress("bootstrap")),
            row("clone running while someone leads", cluster().initialized("7000000000000000042").leader("node1"), emptyDataDir()
                    .running(TaskKind.CLONE), Action.NoAction.class, HaMessages.inProgress("bootstrap from leader")),
            row("restart running while holding the lock: keep the lock", cluster().initialized("7000000000000000042").leader(ME),
                    primary().running(TaskKind.RESTART), UpdateLock.class, HaMessages.updatedLockDuring("restart")),
            row("bootstrap succeeded: finish it", cluster().initialized(""), primary()
                    .finished(TaskKind.BOOTSTRAP, true), Action.CompleteBootstrap.class,
                    HaMessages.INITIALIZED_NEW_CLUSTER),
            row("bootstrap failed: cancel initialize", cluster().initialized(""), emptyDataDir()
                    .finished(TaskKind.BOOTSTRAP, false), Action.CancelBootstrap.class, HaMessages.CANCELLING_FAILED_BOOTSTRAP),

            row("data dir without a valid system id: suggest reinitialize", cluster().initialized("7000000000000000042")
                    .leader("node1"), replica().sysid("garbage"), Action.NoAction.class, HaMessages.SYSTEM_ID_INVALID),
            row("existing primary data, no initialize key, no leader: adopt it, then race",
                    cluster(), primary().firstCycle(), Action.Sequence.class, HaMessages.ACQUIRED_LOCK_AS_LEADER),
            row("existing stopped data, no initialize key, no leader: adopt it, then start",
                    cluster(), replica().stopped(), Action.Sequence.class, HaMessages.STARTING_AS_SECONDARY),
            row("running replica at start, no initialize key: refuse to start a new history",
                    cluster(), replica().firstCycle(), Action.Fatal.class,
                    HaMessages.NO_INITIALIZE_RUNNING_AS_REPLICA),
            row("leader whose initialize key was wiped: write it back", cluster().leader(ME), primary(),
                    Action.Sequence.class, HaMessages.leaderWithLock(ME)),
            row("paused, existing data, no initialize key: no adoption", cluster().paused(), primary(),
                    AcquireLock.class, HaMessages.PAUSE_PREFIX + HaMessages.ACQUIRED_LOCK_AS_LEADER),
            row("data dir of another cluster: refuse", cluster().initialized("7000000000000000042").leader("node1"),
                    replica().sysid("7000000000000000007"), Action.Fatal.class, HaMessages.systemIdMismatch(ME, "7000000000000000042", "7000000000000000007")),

            row("postgres stopped, leader elsewhere: start as a secondary", cluster().initialized("7000000000000000042")
                    .leader("node1"), replica().stopped(), Action.Follow.class, HaMessages.STARTING_AS_SECONDARY),
            row("postgres crashed while holding the lock: keep the lock, start read-only",
                    cluster().initialized("7000000000000000042").leader(ME), primary().crashed(), UpdateLock.class,
                    HaMessages.STARTING_AS_READONLY_WITH_LOCK),
            row("crashed, primary_start_timeout 0 and a replica runs: fail over",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1"), primary().crashed(), startTimeout(0),
                    Action.Demote.class, HaMessages.STOPPED_TO_FAIL_OVER_AFTER_CRASH),
            row("crashed, primary_start_timeout 0 but nobody to fail over to: restart",
                    cluster().initialized("7000000000000000042").leader(ME), primary().crashed(), startTimeout(0),
                    UpdateLock.class, HaMessages.STARTING_AS_READONLY_WITH_LOCK),
            row("leader restarting within primary_start_timeout: keep the lock",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1"), primary().stopped()
                    .running(TaskKind.START), startTimeout(300), UpdateLock.class,
                    HaMessages.stillStartingUp(295)),
            row("leader restart beyond primary_start_timeout: hand over",
                    cluster().initialized("7000000000000000042").leader(ME).member("node1"), primary().stopped()
                    .running(TaskKind.START), startTimeout(3), Action.Demote.class,
                    HaMessages.STOPPED_BECAUSE_OF_STARTUP_TIMEOUT),
            row("leader restart beyond primary_start_timeout, nobody else: keep waiting",
                    cluster().initialized("7000000000000000042").leader(ME), primary().stopped().running(TaskKind.START),
                    startTimeout(3), UpdateLock.class, HaMessages.START_TIMED_OUT_NO_FAILOVER),
            row("stopped old primary behind a new timeline: rewind", cluster().initialized("7000000000000000042").leader("node1"),
                    primary().stopped().diverged(Divergence.REWIND_NEEDED), Action.Rewind.class,
                    HaMessages.runningRewind("node1")),
            row("diverged and use_pg_rewind off: reinitialize", cluster().initialized("7000000000000000042").leader("node1"),
                    primary().stopped().diverged(Divergence.REWIND_NEEDED), settings(false, false),
                    Action.Reinitialize.class, HaMessages.REINITIALIZING_DIVERGED),
            row("diverged beyond rewind: reinitialize", cluster().initialized("7000000000000000042").leader("node1"),
                    replica().stopped().diverged(Divergence.REINITIALIZE_NEEDED), Action.Reinitialize.class,
                    HaMessages.REINITIALIZING_DIVERGED),

            row("leader with the lock: renew it", cluster().initialized("7000000000000000042").leader(ME), primary(),
                    UpdateLock.class, HaMessages.leaderWithLock(ME)),
            row("lock held but still a replica: renew and promote", cluster().initialized("7000000000000000042").leader(ME),
                    replica(), UpdateLock.class, HaMessages.PROMOTED_BECAUSE_HAD_LOCK),
            row("replica following the leader", cluster().initialized("7000000000000000042").leader("node1").member(ME), replica(),
                    Action.Follow.class, HaMessages.followingLeader(ME, "node1")),
            row("primary without the lock: demote at once", cluster().initialized("7000000000000000042").leader("node1"),
                    primary(), Action.Demote.class, HaMessages.DEMOTING_NO_LOCK),

            row("no leader, healthiest replica: race for the lock", cluster().initialized("7000000000000000042").member("node1")
                    .member(ME).lastLsn(100), replica().lsn(100).peer("node1", 90), AcquireLock.class,
                    HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
            row("no leader, a peer is ahead: follow", cluster().initialized("7000000000000000042").member("node1").lastLsn(100),
                    replica().lsn(90).peer("node1", 100), Action.Follow.class,
                    HaMessages.FOLLOWING_NOT_HEALTHIEST),
            row("no leader, too far behind the last known leader position", cluster().initialized("7000000000000000042")
                    .lastLsn(10_000_000), replica().lsn(100), Action.Follow.class,
                    HaMessages.FOLLOWING_NOT_HEALTHIEST),
            row("no leader, the old primary still answers as primary: follow", cluster().initialized("7000000000000000042")
                    .lastLsn(100), replica().lsn(100).peer("node1", new PeerStatus(true, true, 100, false, 0)),
                    Action.Follow.class, HaMessages.FOLLOWING_NOT_HEALTHIEST),
            row("no leader, a peer ahead has nofailover: it does not count", cluster().initialized("7000000000000000042")
                    .lastLsn(100), replica().lsn(100).peer("node1", new PeerStatus(true, false, 200, true, 0)),
                    AcquireLock.class, HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
            row("no leader, unreachable peer does not veto", cluster().initialized("7000000000000000042").lastLsn(100),
                    replica().lsn(100).peer("node1", PeerStatus.unreachable()), AcquireLock.class,
                    HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
            row("no leader, equal position but peer has higher failover_priority", cluster().initialized("7000000000000000042")
                    .lastLsn(100), replica().lsn(100).peer("node1", new PeerStatus(true, false, 100, false, 5)),
                    Action.Follow.class, HaMessages.FOLLOWING_NOT_HEALTHIEST),
            row("no leader and nofailover: not allowed to promote", cluster().initialized("7000000000000000042").lastLsn(100),
                    replica().lsn(100), settings(true, true), Action.Follow.class, HaMessages.FOLLOWING_NOT_ALLOWED),
            row("no leader, still primary and healthiest: take the lock", cluster().initialized("7000000000000000042").lastLsn(100),
                    primary().lsn(100), AcquireLock.class, HaMessages.ACQUIRED_LOCK_AS_LEADER)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Optional<Cluster> cluster, LocalState local, HaSettings settings,
                 Class<? extends Action> action, String status) {
        Decision decision = decider.decide(cluster, local, settings);

        assertThat(decision.action()).isInstanceOf(action);
        assertThat(decision.status()).isEqualTo(status);
    }

    @org.junit.jupiter.api.Test
    void adoptionWritesTheLocalSystemIdBeforeTheRace() {
        Decision d = decider.decide(Optional.of(cluster().build()), primary().sysid("7000000000000000099").build(),
                SETTINGS);
        Action.Sequence seq = (Action.Sequence) d.action();
        assertThat(seq.steps().get(0)).isEqualTo(new Action.WriteInitialize(true, "7000000000000000099"));
        assertThat(seq.steps().get(1)).isInstanceOf(AcquireLock.class);

        Decision emptyKey = decider.decide(Optional.of(cluster().initialized("").build()),
                primary().sysid("7000000000000000099").build(), SETTINGS);
        assertThat(((Action.Sequence) emptyKey.action()).steps().get(0))
                .isEqualTo(new Action.WriteInitialize(false, "7000000000000000099"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("raceContinuations")
    void raceOutcomesCarryBothContinuations(String name, LocalState local, Class<? extends Action> onWin,
                                            String winStatus, Class<? extends Action> onLose, String loseStatus) {
        Decision d = decider.decide(Optional.of(cluster().initialized("7000000000000000042").lastLsn(100).build()), local, SETTINGS);

        AcquireLock race = (AcquireLock) d.action();
        assertThat(race.onWin().action()).isInstanceOf(onWin);
        assertThat(race.onWin().status()).isEqualTo(winStatus);
        assertThat(race.onLose().action()).isInstanceOf(onLose);
        assertThat(race.onLose().status()).isEqualTo(loseStatus);
    }

    static Stream<Arguments> raceContinuations() {
        return Stream.of(
            Arguments.of("replica wins: promote; loses: follow the new leader", replica().lsn(100).build(),
                    Action.Promote.class, HaMessages.PROMOTED_BY_ACQUIRING_LOCK,
                    Action.Follow.class, HaMessages.FOLLOWING_AFTER_FAILED_LOCK),
            Arguments.of("primary wins: nothing to do; loses: demote", primary().lsn(100).build(),
                    Action.NoAction.class, HaMessages.ACQUIRED_LOCK_AS_LEADER,
                    Action.Demote.class, HaMessages.DEMOTED_AFTER_FAILED_LOCK));
    }

    @org.junit.jupiter.api.Test
    void failedLockRenewalDemotesWithoutTheLock() {
        Decision d = decider.decide(Optional.of(cluster().initialized("7000000000000000042").leader(ME).build()),
                primary().build(), SETTINGS);

        UpdateLock renew = (UpdateLock) d.action();
        assertThat(renew.onFailure().action()).isEqualTo(new Action.Demote(DemoteMode.IMMEDIATE_NOLOCK));
        assertThat(renew.onFailure().status()).isEqualTo(HaMessages.DEMOTED_FAILED_UPDATE_LOCK);
    }

    @org.junit.jupiter.api.Test
    void bootstrapRaceLosersWait() {
        Decision d = decider.decide(Optional.of(cluster().build()), emptyDataDir().build(), SETTINGS);

        RaceInitialize race = (RaceInitialize) d.action();
        assertThat(race.onWin().action()).isInstanceOf(Action.Bootstrap.class);
        assertThat(race.onLose().status()).isEqualTo(HaMessages.FAILED_INITIALIZE_LOCK);
    }

    @org.junit.jupiter.api.Test
    void clonesFromAClonefromMemberWhenOneRuns() {
        Cluster c = cluster().initialized("7000000000000000042").leader("node1")
                .member("node3", Map.of("tags", Map.of("clonefrom", true))).build();

        Decision d = decider.decide(Optional.of(c), emptyDataDir().build(), SETTINGS);

        assertThat(d.action()).isEqualTo(new Action.CloneFrom("node3"));
    }
}
