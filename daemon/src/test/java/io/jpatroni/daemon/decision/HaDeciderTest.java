package io.jpatroni.daemon.decision;

import static io.jpatroni.daemon.decision.ClusterFixture.SYSID;
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
import static io.jpatroni.daemon.decision.LocalFixture.emptyDataDir;
import static io.jpatroni.daemon.decision.LocalFixture.primary;
import static io.jpatroni.daemon.decision.LocalFixture.replica;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.DecisionTable.Rule;
import io.jpatroni.daemon.decision.DecisionTable.Step;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.Divergence;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HA decision as a table: (cluster, local state, settings) → the row of {@link DecisionTable} that answers and
 * the whole decision (action with its mode, target and continuations, and Patroni's status line).
 */
class HaDeciderTest {
    private static final String ME = "node2";
    private static final HaSettings SETTINGS = settings(false, true);

    private final HaDecider decider = new HaDecider();

    static HaSettings settings(boolean noFailover, boolean usePgRewind) {
        return new HaSettings(ME, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1_048_576, Duration.ofSeconds(300), false, usePgRewind, true, noFailover, 0, Map.of());
    }

    static HaSettings cascade(String replicateFrom, boolean noStream) {
        return SETTINGS.withCascade(new CascadeSettings(Optional.of(replicateFrom), noStream, Duration.ZERO));
    }

    static HaSettings startTimeout(int seconds) {
        return new HaSettings(ME, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1_048_576, Duration.ofSeconds(seconds), false, true, true, false, 0, Map.of());
    }

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, String rule, Decision expected) {
        return row(name, cluster, local, SETTINGS, rule, expected);
    }

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, HaSettings settings, String rule,
                         Decision expected) {
        return Arguments.of(name, Optional.of(cluster.build()), local.build(), settings, rule, expected);
    }

    static Stream<Arguments> table() {
        Decision leading = noAction(HaMessages.leaderWithLock(ME));
        Decision startReadOnly = decision(new Action.StartAsReadOnlyLeader(),
                HaMessages.STARTING_AS_READONLY_WITH_LOCK);
        Decision lostWhileStarting = noAction(HaMessages.lostLockDuring("starting"));
        Decision promoteOnWin = decision(new Action.Promote(), HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        Decision followOnLoss = decision(followNobody(), HaMessages.FOLLOWING_AFTER_FAILED_LOCK);
        Decision primaryWins = noAction(HaMessages.ACQUIRED_LOCK_AS_LEADER);
        Decision primaryLoses = decision(demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.DEMOTED_AFTER_FAILED_LOCK);
        Decision notHealthiest = decision(followNobody(), HaMessages.FOLLOWING_NOT_HEALTHIEST);
        return Stream.of(
            Arguments.of("DCS down, primary demotes offline", Optional.<Cluster>empty(), primary().build(), SETTINGS,
                    "dcs-unreachable", decision(demote(DemoteMode.OFFLINE), HaMessages.DEMOTED_DCS_INACCESSIBLE)),
            Arguments.of("DCS down, replica keeps running", Optional.<Cluster>empty(), replica().build(), SETTINGS,
                    "dcs-unreachable", noAction(HaMessages.DCS_INACCESSIBLE)),
            Arguments.of("DCS down, existing data and no initialize key known: nothing is adopted",
                    Optional.<Cluster>empty(), replica().stopped().build(), SETTINGS,
                    "dcs-unreachable", noAction(HaMessages.DCS_INACCESSIBLE)),

            row("empty cluster, empty data dir: race for initialize", cluster(), emptyDataDir(), "data-directory",
                    decision(new Action.RaceInitialize(
                                    decision(new Action.Bootstrap(), HaMessages.TRYING_TO_BOOTSTRAP),
                                    noAction(HaMessages.FAILED_INITIALIZE_LOCK)),
                            HaMessages.TRYING_TO_BOOTSTRAP)),
            row("bootstrap under way elsewhere, no leader yet: wait", cluster().initialized(""), emptyDataDir(),
                    "data-directory", noAction(HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP)),
            row("leader exists, empty data dir: clone from it", led("node1"), emptyDataDir(), "data-directory",
                    decision(new Action.CloneFrom("node1"), HaMessages.bootstrapFromLeader("node1"))),
            row("holding the lock with an empty data dir: release it", led(ME), emptyDataDir(), "data-directory",
                    decision(new Action.ReleaseLock(), HaMessages.RELEASED_EMPTY_DATA_DIR)),

            row("bootstrap running: report progress", cluster().initialized(""), emptyDataDir()
                    .running(TaskKind.BOOTSTRAP), "task-running", noAction(HaMessages.inProgress("bootstrap"))),
            row("clone running while someone leads", led("node1"), emptyDataDir().running(TaskKind.CLONE),
                    "task-running", noAction(HaMessages.inProgress("bootstrap from leader"))),
            row("restart running while holding the lock: keep the lock", led(ME), primary().running(TaskKind.RESTART),
                    "task-running", renew(noAction(HaMessages.updatedLockDuring("restart")),
                            noAction(HaMessages.lostLockDuring("restart")))),
            row("bootstrap succeeded: finish it", cluster().initialized(""), primary()
                    .finished(TaskKind.BOOTSTRAP, true), "bootstrap-finished",
                    decision(new Action.CompleteBootstrap(), HaMessages.INITIALIZED_NEW_CLUSTER)),
            row("bootstrap failed: cancel initialize", cluster().initialized(""), emptyDataDir()
                    .finished(TaskKind.BOOTSTRAP, false), "bootstrap-finished",
                    decision(new Action.CancelBootstrap(), HaMessages.CANCELLING_FAILED_BOOTSTRAP)),

            // bootstrap.method: the method, the end of recovery, post_bootstrap, then the cluster (bootstrap.py)
            row("custom method done, PostgreSQL recovering to its target: wait, nothing is adopted",
                    cluster().initialized(""), replica().finished(TaskKind.BOOTSTRAP, true).awaitingPostBootstrap(),
                    "bootstrap-recovery", noAction(HaMessages.WAITING_FOR_END_OF_RECOVERY)),
            row("custom bootstrap still recovering, not yet accepting connections: wait",
                    cluster().initialized(""), replica().starting().awaitingPostBootstrap(),
                    "bootstrap-recovery", noAction(HaMessages.WAITING_FOR_END_OF_RECOVERY)),
            row("custom bootstrap out of recovery: run post_bootstrap", cluster().initialized(""),
                    primary().awaitingPostBootstrap(), "bootstrap-recovery",
                    decision(new Action.PostBootstrap(), HaMessages.RUNNING_POST_BOOTSTRAP)),
            row("custom method done and out of recovery in the same cycle: run post_bootstrap",
                    cluster().initialized(""), primary().finished(TaskKind.BOOTSTRAP, true).awaitingPostBootstrap(),
                    "bootstrap-recovery", decision(new Action.PostBootstrap(), HaMessages.RUNNING_POST_BOOTSTRAP)),
            row("custom bootstrap's PostgreSQL died while recovering: cancel as a failed initdb",
                    cluster().initialized(""), replica().crashed().awaitingPostBootstrap(), "bootstrap-recovery",
                    decision(new Action.CancelBootstrap(), HaMessages.CANCELLING_FAILED_BOOTSTRAP)),
            row("custom method failed: cancel as a failed initdb", cluster().initialized(""),
                    emptyDataDir().finished(TaskKind.BOOTSTRAP, false), "bootstrap-finished",
                    decision(new Action.CancelBootstrap(), HaMessages.CANCELLING_FAILED_BOOTSTRAP)),
            row("post_bootstrap running: report progress", cluster().initialized(""),
                    primary().running(TaskKind.POST_BOOTSTRAP), "task-running",
                    noAction(HaMessages.inProgress("post_bootstrap"))),
            row("post_bootstrap succeeded: initialize the cluster and take the lock", cluster().initialized(""),
                    primary().finished(TaskKind.POST_BOOTSTRAP, true), "bootstrap-finished",
                    decision(new Action.CompleteBootstrap(), HaMessages.INITIALIZED_NEW_CLUSTER)),
            row("post_bootstrap failed: cancel", cluster().initialized(""),
                    primary().finished(TaskKind.POST_BOOTSTRAP, false), "bootstrap-finished",
                    decision(new Action.CancelBootstrap(), HaMessages.CANCELLING_FAILED_BOOTSTRAP)),

            // create_replica_methods with no_leader (ha.py bootstrap: can_create_replica_without_replication_connection)
            row("initialized cluster without leader, a no_leader method: restore without a leader",
                    cluster().initialized(SYSID), emptyDataDir(), SETTINGS.withReplicaWithoutLeader(true),
                    "data-directory", decision(new Action.CloneWithoutLeader(),
                            HaMessages.TRYING_TO_BOOTSTRAP_WITHOUT_LEADER)),
            row("no_leader method but another node is bootstrapping: wait", cluster().initialized(""),
                    emptyDataDir(), SETTINGS.withReplicaWithoutLeader(true), "data-directory",
                    noAction(HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP)),
            row("initialized cluster without leader and no no_leader method: wait", cluster().initialized(SYSID),
                    emptyDataDir(), "data-directory", noAction(HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP)),
            row("a leader runs: clone from it even with a no_leader method", led("node1"), emptyDataDir(),
                    SETTINGS.withReplicaWithoutLeader(true), "data-directory",
                    decision(new Action.CloneFrom("node1"), HaMessages.bootstrapFromLeader("node1"))),
            row("nofailover in a new cluster: never races to bootstrap, waits", cluster(), emptyDataDir(),
                    settings(true, true), "data-directory", noAction(HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP)),
            row("nofailover in a new cluster with a no_leader method: restores without a leader", cluster(),
                    emptyDataDir(), settings(true, true).withReplicaWithoutLeader(true), "data-directory",
                    decision(new Action.CloneWithoutLeader(), HaMessages.TRYING_TO_BOOTSTRAP_WITHOUT_LEADER)),
            row("restored replica, a member is ahead of it: it is not promoted for having come up first",
                    unlocked().member("node1").lastLsn(5_000), replica().lsn(4_000).peer("node1", 5_000),
                    "leader-race", notHealthiest),
            row("restored replica behind the last leader's position by more than maximum_lag_on_failover:"
                    + " not promoted", unlocked().lastLsn(10_000_000), replica().lsn(100), "leader-race",
                    notHealthiest),

            row("data dir without a valid system id: suggest reinitialize", led("node1"), replica().sysid("garbage"),
                    "data-directory", noAction(HaMessages.SYSTEM_ID_INVALID)),
            row("existing primary data, no initialize key, no leader: adopt it, then race",
                    cluster(), primary().firstCycle(), "leader-race",
                    decision(Action.sequence(new Action.WriteInitialize(true, SYSID),
                                    new Action.AcquireLock(primaryWins, primaryLoses)),
                            HaMessages.ACQUIRED_LOCK_AS_LEADER)),
            row("existing stopped data, no initialize key, no leader: adopt it, then start",
                    cluster(), replica().stopped(), "postgres-not-running",
                    decision(Action.sequence(new Action.WriteInitialize(true, SYSID), followNobody()),
                            HaMessages.STARTING_AS_SECONDARY)),
            row("existing data while a background task runs: no adoption yet",
                    cluster(), replica().stopped().running(TaskKind.START), "task-running",
                    noAction(HaMessages.inProgress("starting"))),
            row("running replica at start, no initialize key: refuse to start a new history",
                    cluster(), replica().firstCycle(), "data-directory",
                    decision(new Action.Fatal(HaMessages.NO_INITIALIZE_RUNNING_AS_REPLICA),
                            HaMessages.NO_INITIALIZE_RUNNING_AS_REPLICA)),
            row("leader whose initialize key was wiped: write it back", cluster().leader(ME), primary(), "leader",
                    decision(Action.sequence(new Action.WriteInitialize(true, SYSID),
                            new Action.UpdateLock(leading, Decisions.LOCK_LOST)), leading.status())),
            row("paused, existing data, no initialize key: no adoption", cluster().paused(), primary(), "paused",
                    race(noAction(paused(HaMessages.ACQUIRED_LOCK_AS_LEADER)),
                            noAction(paused(HaMessages.PAUSE_PRIMARY_WITHOUT_LOCK)))),
            row("data dir of another cluster: refuse", led("node1"), replica().sysid("7000000000000000007"),
                    "data-directory", decision(new Action.Fatal(
                            HaMessages.systemIdMismatch(ME, SYSID, "7000000000000000007")),
                            HaMessages.systemIdMismatch(ME, SYSID, "7000000000000000007"))),

            row("postgres stopped, leader elsewhere: start as a secondary", led("node1"), replica().stopped(),
                    "postgres-not-running", decision(follow("node1"), HaMessages.STARTING_AS_SECONDARY)),
            row("postgres crashed while holding the lock: keep the lock, start read-only",
                    led(ME), primary().crashed(), "postgres-not-running", renew(startReadOnly, lostWhileStarting)),
            row("crashed, primary_start_timeout 0 and a replica runs: fail over",
                    led(ME).member("node1"), primary().crashed(), startTimeout(0), "postgres-not-running",
                    decision(demote(DemoteMode.IMMEDIATE), HaMessages.STOPPED_TO_FAIL_OVER_AFTER_CRASH)),
            row("crashed, primary_start_timeout 0 but nobody to fail over to: restart",
                    led(ME), primary().crashed(), startTimeout(0), "postgres-not-running",
                    renew(startReadOnly, lostWhileStarting)),
            row("leader restarting within primary_start_timeout: keep the lock",
                    led(ME).member("node1"), primary().stopped().running(TaskKind.START), startTimeout(300),
                    "task-running", renew(noAction(HaMessages.stillStartingUp(295)), lostWhileStarting)),
            row("leader restart beyond primary_start_timeout: hand over",
                    led(ME).member("node1"), primary().stopped().running(TaskKind.START), startTimeout(3),
                    "task-running",
                    decision(demote(DemoteMode.IMMEDIATE), HaMessages.STOPPED_BECAUSE_OF_STARTUP_TIMEOUT)),
            row("leader restart beyond primary_start_timeout, nobody else: keep waiting",
                    led(ME), primary().stopped().running(TaskKind.START), startTimeout(3), "task-running",
                    renew(noAction(HaMessages.START_TIMED_OUT_NO_FAILOVER), lostWhileStarting)),
            row("stopped old primary behind a new timeline: rewind", led("node1"),
                    primary().stopped().diverged(Divergence.REWIND_NEEDED), "postgres-not-running",
                    decision(new Action.Rewind("node1"), HaMessages.runningRewind("node1"))),
            row("diverged and use_pg_rewind off: reinitialize", led("node1"),
                    primary().stopped().diverged(Divergence.REWIND_NEEDED), settings(false, false),
                    "postgres-not-running",
                    decision(new Action.Reinitialize("node1"), HaMessages.REINITIALIZING_DIVERGED)),
            row("diverged beyond rewind: reinitialize", led("node1"),
                    replica().stopped().diverged(Divergence.REINITIALIZE_NEEDED), "postgres-not-running",
                    decision(new Action.Reinitialize("node1"), HaMessages.REINITIALIZING_DIVERGED)),

            row("leader with the lock: renew it", led(ME), primary(), "leader", renew(leading)),
            row("lock held but still a replica: renew and promote", led(ME), replica(), "leader",
                    renew(decision(new Action.Promote(), HaMessages.PROMOTED_BECAUSE_HAD_LOCK))),
            row("replica following the leader", led("node1").member(ME), replica(), "replica",
                    decision(follow("node1"), HaMessages.followingLeader(ME, "node1"))),
            row("stopped old primary, the new leader still promoting: undecided, start as a replica meanwhile",
                    led("node1"), primary().stopped().diverged(Divergence.UNDECIDED), "postgres-not-running",
                    decision(follow("node1"), HaMessages.STARTING_AS_SECONDARY)),
            row("running replica found diverged once the new leader left recovery: rewind",
                    led("node1").member(ME), replica().diverged(Divergence.REWIND_NEEDED), "replica",
                    decision(new Action.Rewind("node1"), HaMessages.runningRewind("node1"))),
            row("running replica, the new leader still promoting: keep following",
                    led("node1").member(ME), replica().diverged(Divergence.UNDECIDED), "replica",
                    decision(follow("node1"), HaMessages.followingLeader(ME, "node1"))),
            row("replicatefrom a running member: stream from it (the status line names the leader, as Patroni's)",
                    led("node1").member("node1").member("node3").member(ME), replica(), cascade("node3", false),
                    "replica", decision(follow("node3"), HaMessages.followingLeader(ME, "node1"))),
            row("replicatefrom a member whose PostgreSQL is stopped: fall back to the leader",
                    led("node1").member("node1").member("node3", Map.of("state", "stopped")).member(ME), replica(),
                    cascade("node3", false), "replica",
                    decision(follow("node1"), HaMessages.followingLeader(ME, "node1"))),
            row("replicatefrom a member that is gone: fall back to the leader",
                    led("node1").member("node1").member(ME), replica(), cascade("node3", false), "replica",
                    decision(follow("node1"), HaMessages.followingLeader(ME, "node1"))),
            row("replicatefrom a member that replicates from us: both stream from the leader",
                    led("node1").member("node1").member("node3", Map.of("tags", Map.of("replicatefrom", ME)))
                            .member(ME), replica(), cascade("node3", false), "replica",
                    decision(follow("node1"), HaMessages.followingLeader(ME, "node1"))),
            row("nostream: recover from the archive, stream from nobody", led("node1").member("node1").member(ME),
                    replica(), cascade("", true), "replica",
                    decision(followNobody(), HaMessages.followingLeader(ME, "node1"))),
            row("paused, replicatefrom a running member: keep streaming from it",
                    led("node1").member("node1").member("node3").member(ME).paused(), replica(),
                    cascade("node3", false), "paused",
                    decision(follow("node3"), HaMessages.PAUSE_PREFIX + HaMessages.followingLeader(ME, "node1"))),
            row("empty data dir with replicatefrom: clone from the leader, then stream from that member",
                    led("node1").member("node1").member("node3"), emptyDataDir(), cascade("node3", false),
                    "data-directory", decision(new Action.CloneFrom("node1", Optional.of("node3")),
                            HaMessages.bootstrapFromLeader("node1"))),
            row("empty data dir with nostream: clone from the leader, then stream from nobody",
                    led("node1").member("node1"), emptyDataDir(), cascade("", true),
                    "data-directory", decision(new Action.CloneFrom("node1", Optional.empty()),
                            HaMessages.bootstrapFromLeader("node1"))),
            row("stopped replica with replicatefrom: start streaming from that member",
                    led("node1").member("node1").member("node3").member(ME), replica().stopped(),
                    cascade("node3", false), "postgres-not-running",
                    decision(follow("node3"), HaMessages.STARTING_AS_SECONDARY)),
            row("primary without the lock: demote at once", led("node1"), primary(), "replica",
                    decision(demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.DEMOTING_NO_LOCK)),

            row("no leader, healthiest replica: race for the lock", unlocked().member("node1").member(ME)
                    .lastLsn(100), replica().lsn(100).peer("node1", 90), "leader-race",
                    race(promoteOnWin, followOnLoss)),
            row("no leader, synchronous mode: the sync standby claims the sync key before it promotes (more in"
                    + " SyncRulesTest)", unlocked().member("node1").member(ME).sync("node1", ME).lastLsn(100),
                    replica().lsn(100).peer("node1", 90),
                    SETTINGS.withSync(new SyncSettings(SyncSettings.Mode.ON, false, 1, -1)), "leader-race",
                    race(decision(new Action.ClaimSyncBeforePromotion(ME, java.util.OptionalLong.of(5), false, false,
                            new Action.Promote()), HaMessages.PROMOTED_BY_ACQUIRING_LOCK), followOnLoss)),
            row("no leader, a peer is ahead: follow", unlocked().member("node1").lastLsn(100),
                    replica().lsn(90).peer("node1", 100), "leader-race", notHealthiest),
            row("no leader, too far behind the last known leader position", unlocked().lastLsn(10_000_000),
                    replica().lsn(100), "leader-race", notHealthiest),
            row("no leader, the old primary still answers as primary: follow", unlocked().lastLsn(100),
                    replica().lsn(100).peer("node1", new PeerStatus(true, true, 100, false, 0)), "leader-race",
                    notHealthiest),
            row("no leader, a peer ahead has nofailover: it does not count", unlocked().lastLsn(100),
                    replica().lsn(100).peer("node1", new PeerStatus(true, false, 200, true, 0)), "leader-race",
                    race(promoteOnWin, followOnLoss)),
            row("no leader, unreachable peer does not veto", unlocked().lastLsn(100),
                    replica().lsn(100).peer("node1", PeerStatus.unreachable()), "leader-race",
                    race(promoteOnWin, followOnLoss)),
            row("no leader, equal position but peer has higher failover_priority", unlocked().lastLsn(100),
                    replica().lsn(100).peer("node1", new PeerStatus(true, false, 100, false, 5)), "leader-race",
                    notHealthiest),
            row("no leader and nofailover: not allowed to promote", unlocked().lastLsn(100),
                    replica().lsn(100), settings(true, true), "leader-race",
                    decision(followNobody(), HaMessages.FOLLOWING_NOT_ALLOWED)),
            row("no leader, nofailover and still primary: demote", unlocked().lastLsn(100),
                    primary().lsn(100), settings(true, true), "leader-race",
                    decision(demote(DemoteMode.IMMEDIATE), HaMessages.DEMOTING_NOT_HEALTHIEST)),
            row("no leader, still primary and healthiest: take the lock", unlocked().lastLsn(100),
                    primary().lsn(100), "leader-race", race(primaryWins, primaryLoses)),
            row("no leader, still primary but a peer is ahead: demote", unlocked().lastLsn(100),
                    primary().lsn(100).peer("node1", 200), "leader-race",
                    decision(demote(DemoteMode.IMMEDIATE), HaMessages.DEMOTING_NOT_HEALTHIEST))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Optional<Cluster> cluster, LocalState local, HaSettings settings, String rule,
                 Decision expected) {
        HaDecider.Explanation explained = decider.explain(ClusterView.of(cluster, settings), local);

        assertThat(explained.decision()).isEqualTo(expected);
        assertThat(explained.rule().name()).isEqualTo(rule);
        assertThat(decider.decide(cluster, local, settings)).isEqualTo(expected);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRuleAndStepOfTheTableDecidesSomeCaseOfTheDecisionTables() {
        Set<String> rules = Stream.of(table(), ManagementDecisionTest.table(), GuardRulesTest.table(),
                        StandbyDecisionTest.table())
                .flatMap(t -> t)
                .map(Arguments::get)
                .map(a -> decider.explain(ClusterView.of((Optional<Cluster>) a[1], (HaSettings) a[3]),
                        (LocalState) a[2]))
                .flatMap(e -> Stream.concat(Stream.of(e.rule().name()), e.steps().stream().map(Step::name)))
                .collect(Collectors.toSet());

        assertThat(rules).containsAll(DecisionTable.RULES.stream().map(Rule::name).toList())
                .containsAll(DecisionTable.STEPS.stream().map(Step::name).toList());
    }

    @Test
    void adoptionWritesTheLocalSystemIdBeforeTheRaceCreatingTheKeyOnlyWhenItIsMissing() {
        Decision missing = decider.decide(Optional.of(cluster().build()), primary().sysid("7000000000000000099")
                .build(), SETTINGS);
        Decision emptyKey = decider.decide(Optional.of(cluster().initialized("").build()),
                primary().sysid("7000000000000000099").build(), SETTINGS);

        assertThat(((Action.Sequence) missing.action()).steps().get(0))
                .isEqualTo(new Action.WriteInitialize(true, "7000000000000000099"));
        assertThat(((Action.Sequence) emptyKey.action()).steps().get(0))
                .isEqualTo(new Action.WriteInitialize(false, "7000000000000000099"));
    }

    @Test
    void clonesFromAClonefromMemberWhenOneRuns() {
        Cluster c = led("node1").member("node3", Map.of("tags", Map.of("clonefrom", true))).build();

        Decision d = decider.decide(Optional.of(c), emptyDataDir().build(), SETTINGS);

        assertThat(d).isEqualTo(decision(new Action.CloneFrom("node3", Optional.of("node1")),
                HaMessages.bootstrapFromReplica("node3")));
    }
}
