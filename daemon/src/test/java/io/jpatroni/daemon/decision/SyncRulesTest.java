package io.jpatroni.daemon.decision;

import static io.jpatroni.daemon.decision.ClusterFixture.led;
import static io.jpatroni.daemon.decision.ClusterFixture.unlocked;
import static io.jpatroni.daemon.decision.Decisions.decision;
import static io.jpatroni.daemon.decision.Decisions.followNobody;
import static io.jpatroni.daemon.decision.Decisions.race;
import static io.jpatroni.daemon.decision.Decisions.renew;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.rules.SyncRules;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.FencePolicy;
import io.jpatroni.daemon.model.GuardSettings;
import io.jpatroni.daemon.model.SyncObservation;
import io.jpatroni.daemon.model.SyncObservation.Kind;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Synchronous replication as decision tables: what the leader's upkeep does to synchronous_standby_names and the
 * {@code sync} key (priority and quorum commit), who may race for the lock, and the claim before a promotion.
 */
class SyncRulesTest {
    private static final String LEADER = "node1";
    private static final long CHANGED_AT = 900;
    private static final OptionalLong NO_KEY = OptionalLong.empty();
    private static final OptionalLong REV = OptionalLong.of(5);
    private static final Action NOTHING = new Action.NoAction();

    static HaSettings settings(String me, SyncSettings sync) {
        return new HaSettings(me, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1_048_576, Duration.ofSeconds(300), false, true, true, false, 0, Map.of()).withSync(sync);
    }

    static SyncSettings on() {
        return new SyncSettings(SyncSettings.Mode.ON, false, 1, -1);
    }

    static SyncSettings strict() {
        return new SyncSettings(SyncSettings.Mode.ON, true, 1, -1);
    }

    static SyncSettings count(int n) {
        return new SyncSettings(SyncSettings.Mode.ON, false, n, -1);
    }

    static SyncSettings maxLag(long bytes) {
        return new SyncSettings(SyncSettings.Mode.ON, false, 1, bytes);
    }

    static SyncSettings quorum(int n, boolean strict) {
        return new SyncSettings(SyncSettings.Mode.QUORUM, strict, n, -1);
    }

    /** The running primary's synchronous_standby_names, as the loop manages it. */
    static SyncObservation ssn(Kind kind, int num, String... names) {
        boolean star = List.of(names).contains("*");
        Set<String> listed = Stream.of(names).filter(n -> !"*".equals(n)).collect(java.util.stream.Collectors
                .toSet());
        return new SyncObservation(kind, num, listed, star, "on", CHANGED_AT, true);
    }

    static SyncObservation off() {
        return ssn(Kind.OFF, 0);
    }

    /** The leader's view after its cycle: a running primary at LSN 1000 holding a valid lock. */
    static LocalFixture primary() {
        return LocalFixture.primary().lsn(1000).holdingValidLock();
    }

    static Action set(Kind kind, int num, Set<String> names, String line) {
        return new Action.SetSynchronousStandbyNames(kind, num, names, line);
    }

    static Action key(Set<String> standbys, OptionalLong revision, String line, Action then) {
        return new Action.WriteSyncKey(LEADER, standbys, OptionalInt.empty(), revision, line, then);
    }

    static Action quorumKey(Set<String> voters, int quorum, OptionalLong revision, String line, Action then) {
        return new Action.WriteSyncKey(LEADER, voters, OptionalInt.of(quorum), revision, line, then);
    }

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, SyncSettings sync,
                         Action expected) {
        return Arguments.of(name, cluster.build(), local.build(), sync, Optional.ofNullable(expected));
    }

    static ClusterFixture three() {
        return led(LEADER).synchronousMode(true).member("node2").member("node3");
    }

    static ClusterFixture qthree() {
        return led(LEADER).synchronousMode("quorum").member("node2").member("node3");
    }

    static ClusterFixture qfour() {
        return qthree().member("node4");
    }

    static Stream<Arguments> priority() {
        return Stream.of(
            row("no standby, the setting still the configuration's: take it over (unset)", three(),
                    primary().sync(SyncObservation.NONE), on(),
                    set(Kind.OFF, 0, Set.of(), "Assigning synchronous standby status to []")),
            row("no standby, already unset: nothing", three(), primary().sync(off()), on(), null),
            row("strict, no standby: '*', so that no commit is acknowledged", three(), primary().sync(off()), strict(),
                    set(Kind.PRIORITY, 1, Set.of("*"),
                            "No standbys available! Assigning synchronous standby status to ['*']")),
            row("strict, '*' already: nothing", three(), primary().sync(ssn(Kind.PRIORITY, 1, "*")), strict(), null),
            row("node2 streams: listed in PostgreSQL first, not yet in the key", three(),
                    primary().sync(off()).streaming("node2", "async", 1000), on(),
                    set(Kind.PRIORITY, 1, Set.of("node2"), "Assigning synchronous standby status to ['node2']")),
            row("node2 listed, sync and past the change: the key names it", three(),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "sync", 950), on(),
                    key(Set.of("node2"), NO_KEY, "Synchronous standby status assigned to ['node2']", NOTHING)),
            row("node2 listed and sync but not yet at the change position: wait", three(),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "sync", 850), on(), null),
            row("node2 listed but reported async: wait", three(),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "async", 950), on(), null),
            row("steady: the key and PostgreSQL name node2", three().sync(LEADER, "node2"),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "sync", 950), on(), null),
            row("node2 left: removed from the key first, then node3 listed in PostgreSQL",
                    led(LEADER).synchronousMode(true).member("node2").member("node3").sync(LEADER, "node2"),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node3", "async", 990), on(),
                    key(Set.of(), REV, "Updating synchronous privilege temporarily from ['node2'] to []",
                            set(Kind.PRIORITY, 1, Set.of("node3"), "Assigning synchronous standby status to"
                                    + " ['node3']"))),
            row("node2 lags beyond maximum_lag_on_syncnode: replaced by node3",
                    led(LEADER).synchronousMode(true).member("node2").member("node3").sync(LEADER, "node2"),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "sync", 100)
                            .streaming("node3", "async", 990), maxLag(500),
                    key(Set.of(), REV, "Updating synchronous privilege temporarily from ['node2'] to []",
                            set(Kind.PRIORITY, 1, Set.of("node3"), "Assigning synchronous standby status to"
                                    + " ['node3']"))),
            row("node2 lags but maximum_lag_on_syncnode is -1: kept",
                    led(LEADER).synchronousMode(true).member("node2").member("node3").sync(LEADER, "node2"),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "sync", 100)
                            .streaming("node3", "async", 990), on(), null),
            row("nosync: never chosen",
                    led(LEADER).synchronousMode(true).member("node2", Map.of("tags", Map.of("nosync", true)))
                            .member("node3"),
                    primary().sync(off()).streaming("node2", "async", 1000).streaming("node3", "async", 900), on(),
                    set(Kind.PRIORITY, 1, Set.of("node3"), "Assigning synchronous standby status to ['node3']")),
            row("sync_priority: the higher chosen first",
                    led(LEADER).synchronousMode(true).member("node2")
                            .member("node3", Map.of("tags", Map.of("sync_priority", 5))),
                    primary().sync(off()).streaming("node2", "async", 1000).streaming("node3", "async", 900), on(),
                    set(Kind.PRIORITY, 1, Set.of("node3"), "Assigning synchronous standby status to ['node3']")),
            row("sync_priority 0: never chosen",
                    led(LEADER).synchronousMode(true).member("node2", Map.of("tags", Map.of("sync_priority", 0))),
                    primary().sync(off()).streaming("node2", "async", 1000), on(), null),
            row("nofailover: chosen after those that may be promoted",
                    led(LEADER).synchronousMode(true).member("node2", Map.of("tags", Map.of("nofailover", true)))
                            .member("node3"),
                    primary().sync(off()).streaming("node2", "async", 1000).streaming("node3", "async", 900), on(),
                    set(Kind.PRIORITY, 1, Set.of("node3"), "Assigning synchronous standby status to ['node3']")),
            row("a member not running is not chosen",
                    led(LEADER).synchronousMode(true).member("node2", Map.of("state", "stopped")).member("node3"),
                    primary().sync(off()).streaming("node2", "async", 1000).streaming("node3", "async", 900), on(),
                    set(Kind.PRIORITY, 1, Set.of("node3"), "Assigning synchronous standby status to ['node3']")),
            row("synchronous_node_count 2: both listed", three(),
                    primary().sync(off()).streaming("node2", "async", 1000).streaming("node3", "async", 900),
                    count(2), set(Kind.PRIORITY, 2, Set.of("node2", "node3"),
                            "Assigning synchronous standby status to ['node2', 'node3']")),
            row("synchronous_node_count 2, only node2 confirmed: the key names node2 alone", three(),
                    primary().sync(ssn(Kind.PRIORITY, 2, "node2", "node3")).streaming("node2", "sync", 950)
                            .streaming("node3", "sync", 850), count(2),
                    key(Set.of("node2"), NO_KEY, "Synchronous standby status assigned to ['node2']", NOTHING)),
            row("synchronous_node_count 2, both confirmed: the key names both",
                    led(LEADER).synchronousMode(true).member("node2").member("node3").sync(LEADER, "node2"),
                    primary().sync(ssn(Kind.PRIORITY, 2, "node2", "node3")).streaming("node2", "sync", 950)
                            .streaming("node3", "sync", 950), count(2),
                    key(Set.of("node2", "node3"), REV, "Synchronous standby status assigned to ['node2', 'node3']",
                            NOTHING)),
            row("a key the former leader wrote: this leader takes it over",
                    led(LEADER).synchronousMode(true).member("node2").sync("node0", "node2"),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "sync", 850), on(),
                    key(Set.of("node2"), REV, "Synchronous standby status assigned to ['node2']", NOTHING)),
            row("synchronous mode off: the key is deleted first, then the setting given back",
                    led(LEADER).member("node2").sync(LEADER, "node2"),
                    primary().sync(ssn(Kind.PRIORITY, 1, "node2")).streaming("node2", "sync", 950),
                    SyncSettings.OFF,
                    new Action.DeleteSyncKey(REV, new Action.ReleaseSynchronousStandbyNames())),
            row("synchronous mode off, nothing managed: nothing", led(LEADER).member("node2"),
                    primary().sync(SyncObservation.NONE).streaming("node2", "async", 950), SyncSettings.OFF, null),
            row("a replica does nothing", led("node2").synchronousMode(true).member(LEADER),
                    LocalFixture.replica(), on(), null),
            row("a primary whose lock is not valid by its own clock does nothing", three(),
                    LocalFixture.primary().lsn(1000).sync(off()).streaming("node2", "async", 1000), on(), null));
    }

    static Stream<Arguments> quorum() {
        return Stream.of(
            row("no key: both listed as ANY 1 at once (an empty key lets nobody be promoted)", qthree(),
                    primary().sync(off()).streaming("node2", "async", 1000).streaming("node3", "async", 990),
                    quorum(1, false), set(Kind.QUORUM, 1, Set.of("node2", "node3"),
                            "Assigning synchronous standby status to ['node2', 'node3']")),
            row("ANY 1 (node2,node3) confirmed: the key names both voters with quorum 1", qthree(),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2", "node3")).streaming("node2", "quorum", 950)
                            .streaming("node3", "quorum", 950), quorum(1, false),
                    quorumKey(Set.of("node2", "node3"), 1, NO_KEY,
                            "Synchronous standby status assigned to ['node2', 'node3']", NOTHING)),
            row("one of ANY 1 (node2,node3) past the change is enough", qthree(),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2", "node3")).streaming("node2", "quorum", 950)
                            .streaming("node3", "quorum", 850), quorum(1, false),
                    quorumKey(Set.of("node2", "node3"), 1, NO_KEY,
                            "Synchronous standby status assigned to ['node2', 'node3']", NOTHING)),
            row("none past the change yet: wait", qthree(),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2", "node3")).streaming("node2", "quorum", 850)
                            .streaming("node3", "quorum", 850), quorum(1, false), null),
            row("steady", qthree().quorumSync(LEADER, 1, "node2", "node3"),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2", "node3")).streaming("node2", "quorum", 950)
                            .streaming("node3", "quorum", 950), quorum(1, false), null),
            row("node3 left: ANY 1 (node2) is safe with the key as it is, PostgreSQL first",
                    led(LEADER).synchronousMode("quorum").member("node2").member("node3")
                            .quorumSync(LEADER, 1, "node2", "node3"),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2", "node3")).streaming("node2", "quorum", 950),
                    quorum(1, false), set(Kind.QUORUM, 1, Set.of("node2"),
                            "Assigning synchronous standby status to ['node2']")),
            row("then the key: node2 alone, quorum 0",
                    led(LEADER).synchronousMode("quorum").member("node2").member("node3")
                            .quorumSync(LEADER, 1, "node2", "node3"),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2")).streaming("node2", "quorum", 950),
                    quorum(1, false), quorumKey(Set.of("node2"), 0, REV,
                            "Synchronous standby status assigned to ['node2']", NOTHING)),
            row("synchronous_node_count 1 -> 2: ANY 2 first (the key is safe with it)",
                    qfour().quorumSync(LEADER, 2, "node2", "node3", "node4"),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2", "node3", "node4"))
                            .streaming("node2", "quorum", 950).streaming("node3", "quorum", 950)
                            .streaming("node4", "quorum", 950), quorum(2, false),
                    set(Kind.QUORUM, 2, Set.of("node2", "node3", "node4"),
                            "Assigning synchronous standby status to ['node2', 'node3', 'node4']")),
            row("synchronous_node_count 2 -> 1: the quorum grows in the key first, then ANY 1",
                    led(LEADER).synchronousMode("quorum").member("node2").member("node3").member("node4")
                            .quorumSync(LEADER, 1, "node2", "node3", "node4"),
                    primary().sync(ssn(Kind.QUORUM, 2, "node2", "node3", "node4"))
                            .streaming("node2", "quorum", 950).streaming("node3", "quorum", 950)
                            .streaming("node4", "quorum", 950), quorum(1, false),
                    quorumKey(Set.of("node2", "node3", "node4"), 2, REV,
                            "Updating synchronous privilege temporarily from ['node2', 'node3', 'node4'] to"
                                    + " ['node2', 'node3', 'node4']",
                            set(Kind.QUORUM, 1, Set.of("node2", "node3", "node4"),
                                    "Assigning synchronous standby status to ['node2', 'node3', 'node4']"))),
            row("strict, every standby gone and the old list unconfirmed: the key is emptied, then '*'",
                    led(LEADER).synchronousMode("quorum").member("node2").quorumSync(LEADER, 0, "node2"),
                    primary().sync(ssn(Kind.QUORUM, 1, "node2")), quorum(1, true),
                    quorumKey(Set.of(), 0, REV, "Updating synchronous privilege temporarily from ['node2'] to []",
                            set(Kind.PRIORITY, 1, Set.of("*"), "Assigning synchronous standby status to ['*']"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"priority", "quorum"})
    void leaderUpkeep(String name, Cluster cluster, LocalState local, SyncSettings sync,
                      Optional<Action> expected) {
        ClusterView view = ClusterView.of(Optional.of(cluster), settings(LEADER, sync));
        assertThat(SyncRules.upkeep(view, local)).isEqualTo(expected);
    }

    @Test
    void theUpkeepTableRunsTheSyncRowOnTheLeader() {
        ClusterView view = ClusterView.of(Optional.of(led(LEADER).synchronousMode(true).member("node2")
                .configured().synchronousMode(true).build()), settings(LEADER, strict()));
        List<Action> upkeep = new HaDecider().upkeep(view, primary().sync(off()).build());
        assertThat(upkeep).contains(set(Kind.PRIORITY, 1, Set.of("*"),
                "No standbys available! Assigning synchronous standby status to ['*']"));
    }

    /** Invariant check over every priority row: whatever the key will name, PostgreSQL lists and confirmed it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("priority")
    void theKeyNeverNamesAStandbyPostgresDoesNotWaitFor(String name, Cluster cluster, LocalState state,
                                                        SyncSettings sync, Optional<Action> expected) {
        Optional<Action> plan = SyncRules.upkeep(ClusterView.of(Optional.of(cluster), settings(LEADER, sync)),
                state);
        Action a = plan.orElse(NOTHING);
        while (a instanceof Action.WriteSyncKey w) {
            for (String standby : w.standbys()) {
                assertThat(state.sync().lists(standby)).as(standby + " listed before it is named").isTrue();
                assertThat(state.observation().replication()).as(standby + " confirmed sync")
                        .anySatisfy(r -> {
                            assertThat(r.applicationName()).isEqualTo(standby);
                            assertThat(r.syncState()).isEqualTo("sync");
                        });
            }
            a = w.then();
        }
    }

    // ---- who races, and the claim before promotion ----

    static Stream<Arguments> races() {
        ClusterFixture noLeader = unlocked().synchronousMode(true).member("node1").member("node2").member("node3")
                .sync("node1", "node2").lastLsn(1000);
        Decision claimAndPromote = decision(new Action.ClaimSyncBeforePromotion("node2", REV, false, false,
                new Action.Promote()), HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        Decision followOnLoss = decision(followNobody(), HaMessages.FOLLOWING_AFTER_FAILED_LOCK);
        Decision notHealthiest = decision(followNobody(), HaMessages.FOLLOWING_NOT_HEALTHIEST);
        PeerStatus ahead = new PeerStatus(true, false, 2000, false, 1);
        PeerStatus behind = new PeerStatus(true, false, 500, false, 1);
        ClusterFixture quorumNoLeader = unlocked().synchronousMode("quorum").member("node1").member("node2")
                .member("node3").quorumSync("node1", 1, "node2", "node3").lastLsn(1000);
        Decision quorumClaim = decision(new Action.ClaimSyncBeforePromotion("node2", REV, false, true,
                new Action.Promote()), HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        return Stream.of(
            Arguments.of("the sync standby races, claiming the key before it promotes", "node2", noLeader,
                    LocalFixture.replica().lsn(1000).peer("node3", behind), on(),
                    race(claimAndPromote, followOnLoss)),
            Arguments.of("an async standby ahead of it does not stop the sync standby", "node2", noLeader,
                    LocalFixture.replica().lsn(1000).peer("node3", ahead), on(),
                    race(claimAndPromote, followOnLoss)),
            Arguments.of("the former leader ahead (still reachable) does not stop it either", "node2", noLeader,
                    LocalFixture.replica().lsn(1000).peer("node1", ahead), on(),
                    race(claimAndPromote, followOnLoss)),
            Arguments.of("an async standby does not race, even ahead", "node3", noLeader,
                    LocalFixture.replica().lsn(2000).peer("node2", behind), on(), notHealthiest),
            Arguments.of("no sync key: the async rules", "node3",
                    unlocked().synchronousMode(true).member("node1").member("node2").member("node3")
                            .lastLsn(1000),
                    LocalFixture.replica().lsn(1000).peer("node2", behind), on(),
                    race(decision(new Action.ClaimSyncBeforePromotion("node3", OptionalLong.empty(), false,
                            false, new Action.Promote()), HaMessages.PROMOTED_BY_ACQUIRING_LOCK), followOnLoss)),
            Arguments.of("strict: the claim sets '*' before promoting", "node2", noLeader,
                    LocalFixture.replica().lsn(1000), strict(),
                    race(decision(new Action.ClaimSyncBeforePromotion("node2", REV, true, false,
                            new Action.Promote()), HaMessages.PROMOTED_BY_ACQUIRING_LOCK), followOnLoss)),
            Arguments.of("quorum: a voter with the vote of the other races", "node2", quorumNoLeader,
                    LocalFixture.replica().lsn(1000).peer("node3", behind), quorum(1, false),
                    race(quorumClaim, followOnLoss)),
            Arguments.of("quorum: without the other voter's vote it stands back", "node2", quorumNoLeader,
                    LocalFixture.replica().lsn(1000).peer("node3", PeerStatus.unreachable()), quorum(1, false),
                    notHealthiest),
            Arguments.of("quorum: a voter behind another voter stands back", "node2", quorumNoLeader,
                    LocalFixture.replica().lsn(1000).peer("node3", ahead), quorum(1, false), notHealthiest));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("races")
    void leaderRace(String name, String me, ClusterFixture cluster, LocalFixture local, SyncSettings sync,
                    Decision expected) {
        HaDecider.Explanation e = new HaDecider().explain(ClusterView.of(Optional.of(cluster.build()),
                settings(me, sync)), local.build());
        assertThat(e.rule().name()).isEqualTo("leader-race");
        assertThat(e.decision()).isEqualTo(expected);
    }

    @Test
    void aLockHolderThatIsNotYetPrimaryClaimsTheKeyBeforePromoting() {
        ClusterView view = ClusterView.of(Optional.of(led("node2").synchronousMode(true).member(LEADER)
                .sync(LEADER, "node2").build()), settings("node2", strict()));
        HaDecider.Explanation e = new HaDecider().explain(view, LocalFixture.replica().lsn(1000).build());
        assertThat(e.steps()).extracting(DecisionTable.Step::name).contains("sync-before-promote");
        assertThat(e.decision()).isEqualTo(renew(decision(new Action.ClaimSyncBeforePromotion("node2", REV, true,
                false, new Action.Promote()), HaMessages.PROMOTED_BECAUSE_HAD_LOCK)));
    }

    /**
     * With the watchdog or the fence on, Patroni's enforce_primary_role order: the guards are activated first, then
     * the key is claimed, then PostgreSQL promoted (the claim sits in ActivateGuards' onActive, around the Promote).
     */
    @Test
    void withGuardsTheKeyIsClaimedOnceTheyAreActive() {
        ClusterView view = ClusterView.of(Optional.of(led("node2").synchronousMode(true).member(LEADER)
                .sync(LEADER, "node2").build()), settings("node2", strict())
                .withGuards(new GuardSettings(true, FencePolicy.WHEN_FAILOVER_POSSIBLE)));
        Decision d = new HaDecider().decide(view, LocalFixture.replica().lsn(1000).build());
        Action.ActivateGuards activate = find(d.action(), Action.ActivateGuards.class).orElseThrow(
                () -> new AssertionError("no ActivateGuards in " + d));
        Action.ClaimSyncBeforePromotion claim = find(activate.onActive().action(),
                Action.ClaimSyncBeforePromotion.class).orElseThrow(() -> new AssertionError("no claim in " + d));
        assertThat(claim.then()).isEqualTo(new Action.Promote());
        assertThat(find(activate.onRefused().action(), Action.Promote.class)).isEmpty();
    }

    /** The first action of {@code kind} in {@code a} and its continuations. */
    private static <T extends Action> Optional<T> find(Action a, Class<T> kind) {
        if (kind.isInstance(a)) {
            return Optional.of(kind.cast(a));
        }
        List<Action> next = new ArrayList<>();
        if (a instanceof Action.Sequence s) {
            next.addAll(s.steps());
        } else if (a instanceof Action.AcquireLock l) {
            next.add(l.onWin().action());
            next.add(l.onLose().action());
        } else if (a instanceof Action.UpdateLock u) {
            next.add(u.onSuccess().action());
            next.add(u.onFailure().action());
        } else if (a instanceof Action.ActivateGuards g) {
            next.add(g.onActive().action());
            next.add(g.onRefused().action());
        } else if (a instanceof Action.ClaimSyncBeforePromotion c) {
            next.add(c.then());
        }
        return next.stream().map(n -> find(n, kind)).flatMap(Optional::stream).findFirst();
    }

    @Test
    void withoutSynchronousModeNothingIsClaimed() {
        ClusterView view = ClusterView.of(Optional.of(led("node2").member(LEADER).sync(LEADER, "node2").build()),
                settings("node2", SyncSettings.OFF));
        assertThat(new HaDecider().decide(view, LocalFixture.replica().lsn(1000).build()))
                .isEqualTo(renew(decision(new Action.Promote(), HaMessages.PROMOTED_BECAUSE_HAD_LOCK)));
    }

    // ---- switchover from the leader ----

    @Test
    void aSwitchoverToANodeTheKeyDoesNotNameIsCleanedUp() {
        ClusterView view = ClusterView.of(Optional.of(led(LEADER).synchronousMode(true).member("node2")
                .member("node3").sync(LEADER, "node2").failover(LEADER, "node3").build()), settings(LEADER, on()));
        Decision d = new HaDecider().decide(view, primary().build());
        Action.UpdateLock renew = (Action.UpdateLock) d.action();
        assertThat(renew.onSuccess().action()).isEqualTo(Action.sequence(Action.ClearFailover.empty(), NOTHING));
    }

    @Test
    void aSwitchoverToTheSyncStandbyDemotes() {
        ClusterView view = ClusterView.of(Optional.of(led(LEADER).synchronousMode(true).member("node2")
                .member("node3").sync(LEADER, "node2").failover(LEADER, "node2").build()), settings(LEADER, on()));
        Decision d = new HaDecider().decide(view, primary().build());
        assertThat(((Action.UpdateLock) d.action()).onSuccess())
                .isEqualTo(decision(new Action.Demote(DemoteMode.GRACEFUL), HaMessages.MANUAL_FAILOVER_DEMOTING));
    }

    @Test
    void aSwitchoverWithoutCandidateNeedsASyncStandby() {
        ClusterView view = ClusterView.of(Optional.of(led(LEADER).synchronousMode(true).member("node2")
                .member("node3").sync(LEADER).failover(LEADER, null).build()), settings(LEADER, on()));
        Decision d = new HaDecider().decide(view, primary().build());
        assertThat(((Action.UpdateLock) d.action()).onSuccess().action())
                .isEqualTo(Action.sequence(Action.ClearFailover.empty(), NOTHING));
    }

    @Test
    void duringASwitchoverOnlyTheSyncStandbyRaces() {
        ClusterFixture c = unlocked().synchronousMode(true).member(LEADER).member("node2").member("node3")
                .sync(LEADER, "node2").failover(LEADER, null).lastLsn(1000);
        Decision asNode3 = new HaDecider().decide(ClusterView.of(Optional.of(c.build()), settings("node3", on())),
                LocalFixture.replica().lsn(1000).build());
        assertThat(asNode3.action()).isNotInstanceOf(Action.AcquireLock.class);
        Decision asNode2 = new HaDecider().decide(ClusterView.of(Optional.of(c.build()), settings("node2", on())),
                LocalFixture.replica().lsn(1000).peer("node3", 1000).build());
        assertThat(asNode2.action()).isInstanceOf(Action.AcquireLock.class);
    }
}
