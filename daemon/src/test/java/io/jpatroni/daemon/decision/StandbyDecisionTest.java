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

import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.StandbyCluster;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A standby cluster's decisions, against Patroni 3.0.2's {@code ha.py} branches with {@code is_standby_cluster}: the
 * lock holder follows the remote host as the standby leader, the others follow it, nobody is promoted; removing the
 * section (settings without it) promotes the lock holder through the ordinary {@code leader} row.
 */
class StandbyDecisionTest {
    private static final String ME = "node2";
    static final StandbyCluster REMOTE = StandbyCluster.of(Optional.of(Map.of("host", "10.0.0.9", "port", 5433,
            "restore_command", "cp /arch/%f %p", "recovery_min_apply_delay", "5min"))).orElseThrow();
    private static final HaSettings PLAIN = new HaSettings(ME, Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(10), 1_048_576, Duration.ofSeconds(300), true, true, true, false, 0, Map.of());
    private static final HaSettings STANDBY = PLAIN.withStandbyCluster(Optional.of(REMOTE));

    private final HaDecider decider = new HaDecider();

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, String rule, Decision expected) {
        return Arguments.of(name, Optional.of(cluster.build()), local.build(), STANDBY, rule, expected);
    }

    static Stream<Arguments> table() {
        Decision asStandbyLeader = decision(new Action.FollowRemote(REMOTE, true),
                HaMessages.standbyLeaderWithLock(ME));
        Decision becomeStandbyLeader = decision(new Action.FollowRemote(REMOTE, true),
                HaMessages.PROMOTED_TO_STANDBY_LEADER_HAD_LOCK);
        Decision notPromoting = noAction(HaMessages.NOT_PROMOTING_FAILED_UPDATE_LOCK);
        return Stream.of(
            row("standby leader following the remote: renew the lock, keep following", led(ME),
                    replica().following(StandbyCluster.REMOTE_MEMBER), "standby-leader",
                    renew(asStandbyLeader, notPromoting)),
            row("switchover inside the standby cluster to a running member: demote gracefully",
                    led(ME).member("node1").failover(ME, "node1"), replica().following(StandbyCluster.REMOTE_MEMBER),
                    "standby-leader", renew(decision(demote(DemoteMode.GRACEFUL), HaMessages.MANUAL_FAILOVER_DEMOTING),
                            notPromoting)),
            row("switchover inside the standby cluster to a member that is not running: clean the key up",
                    led(ME).member("node1", Map.of("state", "stopped")).failover(ME, "node1"),
                    replica().following(StandbyCluster.REMOTE_MEMBER), "standby-leader",
                    renew(decision(Action.sequence(Action.ClearFailover.ifUnchanged(7),
                            asStandbyLeader.action()), asStandbyLeader.status()), notPromoting)),
            row("no standby leader and I am the switchover's candidate: race, then follow the remote",
                    unlocked().member("node1").failover("node1", ME), replica().lsn(100), "leader-race",
                    race(decision(Action.sequence(Action.ClearFailover.afterAcquiringLock(),
                                    new Action.FollowRemote(REMOTE, true)),
                                    HaMessages.PROMOTED_TO_STANDBY_LEADER_BY_ACQUIRING_LOCK),
                            decision(new Action.FollowRemote(REMOTE, false),
                                    HaMessages.FOLLOWING_AFTER_FAILED_LOCK))),
            row("lock holder still following nobody: become the standby leader", led(ME), replica(),
                    "standby-leader", renew(becomeStandbyLeader, notPromoting)),
            row("a primary holding the lock of a standby cluster cannot stay one", led(ME), primary(),
                    "standby-leader", renew(decision(demote(DemoteMode.IMMEDIATE_NOLOCK),
                            HaMessages.NOT_A_REAL_PRIMARY_IN_STANDBY),
                            decision(demote(DemoteMode.IMMEDIATE_NOLOCK), HaMessages.DEMOTED_FAILED_UPDATE_LOCK))),
            row("another member is the standby leader: follow it", led("node1").member("node1"), replica(),
                    "standby-replica", decision(follow("node1"), HaMessages.followingStandbyLeader(ME, "node1"))),
            row("a primary without the lock in a standby cluster: demote", led("node1").member("node1"), primary(),
                    "standby-replica", decision(demote(DemoteMode.IMMEDIATE_NOLOCK),
                            HaMessages.NOT_A_REAL_PRIMARY_IN_A_STANDBY)),
            row("no standby leader, healthiest: take the lock and follow the remote", unlocked().lastLsn(100),
                    replica().lsn(100).timeline(1), "leader-race",
                    race(decision(new Action.FollowRemote(REMOTE, true),
                                    HaMessages.PROMOTED_TO_STANDBY_LEADER_BY_ACQUIRING_LOCK),
                            decision(new Action.FollowRemote(REMOTE, false),
                                    HaMessages.FOLLOWING_AFTER_FAILED_LOCK))),
            row("no timeline check in a standby cluster (the remote's promotions move it)",
                    unlocked().lastLsn(100).timeline(5), replica().lsn(100).timeline(1), "leader-race",
                    race(decision(new Action.FollowRemote(REMOTE, true),
                                    HaMessages.PROMOTED_TO_STANDBY_LEADER_BY_ACQUIRING_LOCK),
                            decision(new Action.FollowRemote(REMOTE, false),
                                    HaMessages.FOLLOWING_AFTER_FAILED_LOCK))),
            row("no standby leader, a peer is ahead: keep following the remote", unlocked().lastLsn(100),
                    replica().lsn(100).peer("node1", 200), "leader-race",
                    decision(new Action.FollowRemote(REMOTE, false), HaMessages.FOLLOWING_NOT_HEALTHIEST)),
            row("standby leader's PostgreSQL is down: start it following the remote", led(ME), replica().stopped(),
                    "postgres-not-running", renew(decision(new Action.FollowRemote(REMOTE, true),
                                    HaMessages.STARTING_AS_STANDBY_LEADER),
                            decision(followNobody(), HaMessages.STARTING_AS_SECONDARY))),
            row("no standby leader and PostgreSQL down: follow the remote as a replica", unlocked(),
                    replica().stopped(), "postgres-not-running", decision(new Action.FollowRemote(REMOTE, false),
                            HaMessages.FOLLOWING_REMOTE_UNHEALTHY)),
            row("replica of a standby cluster down: start following the standby leader",
                    led("node1").member("node1"), replica().stopped(), "postgres-not-running",
                    decision(follow("node1"), HaMessages.STARTING_AS_SECONDARY)),
            row("empty standby cluster: race to bootstrap the standby leader from the remote", cluster(),
                    emptyDataDir(), "data-directory", decision(new Action.RaceInitialize(
                                    decision(new Action.BootstrapStandbyLeader(REMOTE),
                                            HaMessages.TRYING_TO_BOOTSTRAP_STANDBY_LEADER),
                                    noAction(HaMessages.FAILED_INITIALIZE_LOCK)),
                            HaMessages.TRYING_TO_BOOTSTRAP_STANDBY_LEADER)),
            row("standby leader being bootstrapped elsewhere: wait for it", cluster().initialized(""),
                    emptyDataDir(), "data-directory", noAction(HaMessages.WAITING_FOR_STANDBY_LEADER_TO_BOOTSTRAP)),
            row("a standby leader exists: clone from it", led("node1").member("node1").initialized(SYSID),
                    emptyDataDir(), "data-directory",
                    decision(new Action.CloneFrom("node1"), HaMessages.bootstrapFromLeader("node1"))),
            row("standby leader bootstrapped: take the lock and publish the cluster", cluster().initialized(""),
                    replica().finished(TaskKind.BOOTSTRAP, true), "bootstrap-finished",
                    decision(new Action.CompleteBootstrap(), HaMessages.INITIALIZED_NEW_CLUSTER)),
            row("paused: a standby leader keeps its lock and its remote", led(ME).paused(),
                    replica().following(StandbyCluster.REMOTE_MEMBER), "paused",
                    renew(decision(new Action.FollowRemote(REMOTE, true),
                                    paused(HaMessages.standbyLeaderWithLock(ME))),
                            noAction(paused(HaMessages.NOT_PROMOTING_FAILED_UPDATE_LOCK)))));
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
    void aLockNamingNoKnownMemberLeavesTheRecoverySettingsAlone() {
        Cluster c = led("node1").build();
        Cluster withoutMembers = new Cluster(c.initialize(), c.config(), c.leader(), c.status(), List.of(),
                c.failover(), c.sync(), c.history(), c.failsafe());

        HaDecider.Explanation e = decider.explain(ClusterView.of(Optional.of(withoutMembers), STANDBY),
                replica().build());

        assertThat(e.rule().name()).isEqualTo("standby-replica");
        assertThat(e.decision()).isEqualTo(noAction(HaMessages.CONTINUE_FOLLOWING_OLD_STANDBY_LEADER));
    }

    @Test
    void removingTheSectionPromotesTheStandbyLeader() {
        Decision d = decider.decide(Optional.of(led(ME).build()),
                replica().following(StandbyCluster.REMOTE_MEMBER).build(), PLAIN);

        assertThat(d).isEqualTo(renew(decision(new Action.Promote(), HaMessages.PROMOTED_BECAUSE_HAD_LOCK),
                Decisions.LOCK_LOST));
    }

    @Test
    void theStandbyLeaderKeepsASlotPerMemberOfItsCluster() {
        ClusterView view = ClusterView.of(Optional.of(led(ME).member(ME).member("node1").member("node3").build()),
                STANDBY);
        List<Action> upkeep = decider.upkeep(view, replica().holdingValidLock()
                .following(StandbyCluster.REMOTE_MEMBER).build());

        assertThat(upkeep).contains(new Action.KeepSlots(new io.jpatroni.daemon.model.SlotPlan(java.util.Set.of(),
                java.util.Set.of("node1", "node3"), Map.of(), Map.of(), java.util.Set.of("node1", "node3"), Map.of())));
    }

    @Test
    void isStandbyClusterAsPatroniJudgesIt() {
        assertThat(StandbyCluster.of(Optional.of(Map.of("host", "h")))).isPresent();
        assertThat(StandbyCluster.of(Optional.of(Map.of("port", 5432)))).isPresent();
        assertThat(StandbyCluster.of(Optional.of(Map.of("restore_command", "cp")))).isPresent();
        assertThat(StandbyCluster.of(Optional.of(Map.of("primary_slot_name", "s")))).isEmpty();
        assertThat(StandbyCluster.of(Optional.of(Map.of()))).isEmpty();
        assertThat(StandbyCluster.of(Optional.empty())).isEmpty();
        assertThat(REMOTE.recoveryParams(true)).containsExactly(Map.entry("restore_command", "cp /arch/%f %p"),
                Map.entry("recovery_min_apply_delay", "5min"));
        assertThat(REMOTE.recoveryParams(false)).containsOnlyKeys("restore_command");
    }
}
