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

import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.FailsafeFacts;
import io.jpatroni.daemon.model.FailsafeRound;
import io.jpatroni.daemon.model.FencePolicy;
import io.jpatroni.daemon.model.GuardSettings;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.model.Cluster;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code guards} step of {@link DecisionTable}: when the watchdog device and the fence are activated, kept alive
 * (the fence armed or not), disabled, and when a node stays out of the race for them or for a vetoed promotion.
 * Whole decisions, with the rule that answered; the step must be among those applied.
 */
class GuardRulesTest {
    private static final String ME = "node2";
    /** Patroni's defaults: {@code mode: automatic}, {@code driver: default}. */
    private static final HaSettings DEFAULTS = HaDeciderTest.settings(false, true)
            .withGuards(new GuardSettings(true, FencePolicy.WHEN_FAILOVER_POSSIBLE));
    private static final HaSettings FENCE_DRIVER = HaDeciderTest.settings(false, true)
            .withGuards(new GuardSettings(false, FencePolicy.WHILE_LEADER));
    private static final HaSettings TESTING_DRIVER = HaDeciderTest.settings(false, true)
            .withGuards(new GuardSettings(true, FencePolicy.OFF));

    private final HaDecider decider = new HaDecider();

    private static Action keepalive(boolean armFence) {
        return Action.KeepaliveGuards.afterLockWrite(armFence);
    }

    private static Action then(Action... steps) {
        return new Action.Sequence(java.util.List.of(steps));
    }

    private static final Action DISABLE = new Action.DisableGuards();

    static Stream<Arguments> table() {
        Decision leading = noAction(HaMessages.leaderWithLock(ME));
        Decision lockLost = decision(then(demote(DemoteMode.IMMEDIATE_NOLOCK), DISABLE),
                HaMessages.DEMOTED_FAILED_UPDATE_LOCK);
        Decision demoteRefused = decision(then(demote(DemoteMode.IMMEDIATE), DISABLE),
                HaMessages.DEMOTING_WATCHDOG_NOT_ACTIVATED);
        Decision releaseRefused = decision(new Action.ReleaseLock(), HaMessages.NOT_PROMOTING_WATCHDOG_NOT_ACTIVATED);
        Decision promoteHadLock = decision(new Action.Promote(), HaMessages.PROMOTED_BECAUSE_HAD_LOCK);
        Decision promoteOnWin = decision(new Action.Promote(), HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        Decision followOnLoss = decision(followNobody(), HaMessages.FOLLOWING_AFTER_FAILED_LOCK);
        Decision notHealthiest = decision(followNobody(), HaMessages.FOLLOWING_NOT_HEALTHIEST);
        return Stream.of(
            row("leader with a replica, guards counting: keep both alive, the fence armed",
                    led(ME).member("node1"), primary().guardsRunning(), DEFAULTS, "leader",
                    renew(decision(then(keepalive(true), leading.action()), leading.status()), lockLost)),
            row("leader alone: the device is kept alive, the fence stays disarmed",
                    led(ME), primary().guardsRunning(), DEFAULTS, "leader",
                    renew(decision(then(keepalive(false), leading.action()), leading.status()), lockLost)),
            row("leader whose only replica is nofailover: the fence stays disarmed",
                    led(ME).member("node1", Map.of("tags", Map.of("nofailover", true))), primary().guardsRunning(),
                    DEFAULTS, "leader",
                    renew(decision(then(keepalive(false), leading.action()), leading.status()), lockLost)),
            row("driver fence: armed whenever we lead, alone too",
                    led(ME), primary().guardsRunning(), FENCE_DRIVER, "leader",
                    renew(decision(then(keepalive(true), leading.action()), leading.status()), lockLost)),
            row("driver testing: the device alone, never the fence",
                    led(ME).member("node1"), primary().guardsRunning(), TESTING_DRIVER, "leader",
                    renew(decision(then(keepalive(false), leading.action()), leading.status()), lockLost)),
            row("running primary with the lock and nothing counting (a restarted daemon): activate, or demote",
                    led(ME).member("node1"), primary(), DEFAULTS, "leader",
                    renew(decision(then(keepalive(true), new Action.ActivateGuards(true, leading, demoteRefused)),
                            leading.status()), lockLost)),
            row("replica holding the lock: activate before promoting, or give the lock back",
                    led(ME).member("node1"), replica(), DEFAULTS, "leader",
                    renew(decision(then(keepalive(true), new Action.ActivateGuards(true, promoteHadLock,
                            releaseRefused)), promoteHadLock.status()), lockLost)),
            row("leader race won: activate before promoting",
                    unlocked().member(ME).member("node1"), replica().lsn(200).peer("node1", 100), DEFAULTS,
                    "leader-race", race(decision(new Action.ActivateGuards(true, promoteOnWin, releaseRefused),
                            promoteOnWin.status()), followOnLoss)),
            row("switchover candidate: empties the failover key first, then activates before promoting",
                    unlocked().member(ME).member("node1").failover("node1", ME), replica(), DEFAULTS, "leader-race",
                    race(decision(then(Action.ClearFailover.afterAcquiringLock(), new Action.ActivateGuards(true,
                            promoteOnWin, releaseRefused)), promoteOnWin.status()), followOnLoss)),
            row("guards unusable (mode required): the replica stays out of the race",
                    unlocked().member(ME).member("node1"), replica().lsn(200).peer("node1", 100).guardsUnusable(),
                    DEFAULTS, "leader-race", notHealthiest),
            row("pre_promote vetoed our promotion 10 s ago: no race for a ttl",
                    unlocked().member(ME).member("node1"), replica().lsn(200).peer("node1", 100)
                            .prePromoteFailed(NOW.minusSeconds(10)), DEFAULTS, "leader-race", notHealthiest),
            row("pre_promote vetoed our promotion a ttl ago: race again",
                    unlocked().member(ME).member("node1"), replica().lsn(200).peer("node1", 100)
                            .prePromoteFailed(NOW.minusSeconds(31)), HaDeciderTest.settings(false, true),
                    "leader-race", race(promoteOnWin, followOnLoss)),
            row("the promotion task ended vetoed while we hold the lock: release it",
                    led(ME).member("node1"), replica().promotionVetoed(), HaDeciderTest.settings(false, true),
                    "leader", decision(then(new Action.ReleaseLock(), DISABLE),
                            HaMessages.PROMOTION_CANCELLED_PRE_PROMOTE)),
            row("promotion (pre_promote) under way: keep the lock; lose it and the promotion is cancelled",
                    led(ME).member("node1"), replica().running(TaskKind.PROMOTE), DEFAULTS, "task-running",
                    renew(decision(then(keepalive(true), new Action.NoAction()),
                                    HaMessages.updatedLockDuring("promote")),
                            decision(then(demote(DemoteMode.IMMEDIATE_NOLOCK), DISABLE),
                                    HaMessages.lostLockDuring("promote")))),
            row("paused with guards counting: disable them",
                    led(ME).member("node1").paused(), primary().guardsRunning(), DEFAULTS, "paused",
                    decision(then(DISABLE, new Action.UpdateLock(noAction(paused(HaMessages.leaderWithLock(ME))),
                                    noAction(paused(HaMessages.PAUSE_PRIMARY_FAILED_UPDATE)))),
                            paused(HaMessages.leaderWithLock(ME)))),
            row("primary without the lock: demote, then disable",
                    led("node1").member(ME), primary().guardsRunning(), DEFAULTS, "replica",
                    decision(then(demote(DemoteMode.IMMEDIATE_NOLOCK), DISABLE), HaMessages.DEMOTING_NO_LOCK)),
            row("a replica whose guards still count (a refused activation): disable them",
                    led("node1").member(ME), replica().guardsRunning(), DEFAULTS, "replica",
                    decision(then(DISABLE, follow("node1")), HaMessages.followingLeader(ME, "node1"))),
            row("PostgreSQL stopped while guards count: disable, then start as a secondary",
                    led("node1").member(ME), replica().stopped().guardsRunning(), DEFAULTS, "postgres-not-running",
                    decision(then(DISABLE, follow("node1")), HaMessages.STARTING_AS_SECONDARY)),
            row("bootstrap finished: activate before taking the lock, or cancel the bootstrap",
                    cluster().initialized(""), primary().finished(TaskKind.BOOTSTRAP, true), DEFAULTS,
                    "bootstrap-finished", decision(new Action.ActivateGuards(false,
                            decision(new Action.CompleteBootstrap(), HaMessages.INITIALIZED_NEW_CLUSTER),
                            decision(then(new Action.ReportError(HaMessages.CANCELLING_BOOTSTRAP_WATCHDOG),
                                    new Action.CancelBootstrap()), HaMessages.CANCELLING_FAILED_BOOTSTRAP)),
                            HaMessages.INITIALIZED_NEW_CLUSTER)),
            Arguments.of("DCS down, primary demotes offline, then disables", Optional.<Cluster>empty(),
                    primary().guardsRunning().build(), DEFAULTS, "dcs-unreachable",
                    decision(then(demote(DemoteMode.OFFLINE), DISABLE), HaMessages.DEMOTED_DCS_INACCESSIBLE)));
    }

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, HaSettings settings, String rule,
                         Decision expected) {
        return Arguments.of(name, Optional.of(cluster.build()), local.build(), settings, rule, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Optional<Cluster> cluster, LocalState local, HaSettings settings, String rule,
                 Decision expected) {
        HaDecider.Explanation e = decider.explain(ClusterView.of(cluster, settings), local);
        assertThat(e.rule().name()).isEqualTo(rule);
        assertThat(e.decision()).isEqualTo(expected);
    }

    /**
     * Patroni's {@code _handle_dcs_error}: a primary that failsafe mode keeps leading through a DCS outage keeps its
     * watchdog alive, and its fence's deadline moves to the confirmation round's start (the executor's part).
     */
    @Test
    void aPrimaryKeptByFailsafeKeepsItsGuardsAlive() {
        Instant started = NOW.minusMillis(1500);
        Map<String, String> key = new LinkedHashMap<>();
        key.put("node1", "http://127.0.0.1:8008/patroni");
        key.put(ME, "http://127.0.0.1:8009/patroni");
        FailsafeRound.Answer accepted = new FailsafeRound.Answer(true, OptionalLong.of(100));
        FailsafeFacts facts = new FailsafeFacts(Optional.of(key),
                Optional.of(new FailsafeRound(started, Map.of("node1", accepted))), key.get(ME));
        HaSettings settings = DEFAULTS.withFailsafeMode(true);
        ClusterView lastSeen = new ClusterView(led(ME).member("node1").build(), settings, false);

        HaDecider.Explanation e = decider.explain(lastSeen, primary().guardsRunning().failsafe(facts).build());

        assertThat(e.rule().name()).isEqualTo("dcs-unreachable");
        assertThat(e.decision()).isEqualTo(decision(then(new Action.ExtendLeadershipByFailsafe(started,
                started.plus(settings.ttl())), keepalive(true)), HaMessages.CONTINUE_AS_LEADER_FAILSAFE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void theGuardsStepIsWhatChangedTheDecision(String name, Optional<Cluster> cluster, LocalState local,
                                               HaSettings settings, String rule, Decision expected) {
        HaDecider.Explanation e = decider.explain(ClusterView.of(cluster, settings), local);
        if (!name.contains("race again")) {
            assertThat(e.steps()).extracting(DecisionTable.Step::name).contains("guards");
        }
    }
}
