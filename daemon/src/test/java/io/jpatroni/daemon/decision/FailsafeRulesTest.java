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
import static io.jpatroni.daemon.decision.LocalFixture.NOW;
import static io.jpatroni.daemon.decision.LocalFixture.primary;
import static io.jpatroni.daemon.decision.LocalFixture.replica;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.FailsafeFacts;
import io.jpatroni.daemon.model.FailsafePing;
import io.jpatroni.daemon.model.FailsafeRound;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failsafe mode as decision tables: the {@code dcs-unreachable} row's failsafe branch (which round keeps a primary),
 * who may race, the leader a {@code POST /failsafe} makes a replica see, and the {@code failsafe} key's upkeep.
 */
class FailsafeRulesTest {
    private static final String ME = "node2";
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final HaSettings OFF = HaDeciderTest.settings(false, true);
    private static final HaSettings ON = OFF.withFailsafeMode(true);
    private static final String URL1 = "http://127.0.0.1:8008/patroni";
    private static final String URL2 = "http://127.0.0.1:8009/patroni";
    private static final String URL3 = "http://127.0.0.1:8010/patroni";
    private static final Map<String, String> KEY = key("node1", URL1, ME, URL2, "node3", URL3);
    /** The round started 1.5 s before the decision (the answers took that long). */
    private static final Instant STARTED = NOW.minusMillis(1500);

    private final HaDecider decider = new HaDecider();

    private static Map<String, String> key(String... nameThenUrl) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < nameThenUrl.length; i += 2) {
            key.put(nameThenUrl[i], nameThenUrl[i + 1]);
        }
        return key;
    }

    private static FailsafeRound.Answer accepted() {
        return new FailsafeRound.Answer(true, OptionalLong.of(100));
    }

    private static FailsafeFacts facts(Map<String, String> key, Map<String, FailsafeRound.Answer> answers) {
        return new FailsafeFacts(Optional.of(key), Optional.of(new FailsafeRound(STARTED, answers)), URL2);
    }

    private static FailsafeFacts allAccepted() {
        return facts(KEY, Map.of("node1", accepted(), "node3", accepted()));
    }

    /** The DCS did not answer; {@code lastSeen} is the cluster as last loaded. */
    private static Arguments down(String name, ClusterFixture lastSeen, LocalFixture local, HaSettings settings,
                                  Decision expected) {
        return Arguments.of(name, new ClusterView(lastSeen.build(), settings, false), local.build(),
                "dcs-unreachable", expected);
    }

    private static Arguments up(String name, ClusterFixture cluster, LocalFixture local, HaSettings settings,
                                String rule, Decision expected) {
        return Arguments.of(name, new ClusterView(cluster.build(), settings, true), local.build(), rule, expected);
    }

    static Stream<Arguments> table() {
        Decision keep = decision(new Action.ExtendLeadershipByFailsafe(STARTED, STARTED.plus(TTL)),
                HaMessages.CONTINUE_AS_LEADER_FAILSAFE);
        Decision offline = decision(demote(DemoteMode.OFFLINE), HaMessages.DEMOTED_DCS_INACCESSIBLE);
        Decision notHealthiest = decision(followNobody(), HaMessages.FOLLOWING_NOT_HEALTHIEST);
        Decision promote = race(decision(new Action.Promote(), HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
                decision(followNobody(), HaMessages.FOLLOWING_AFTER_FAILED_LOCK));
        return Stream.of(
            down("every member accepted: go on leading until the round's start + ttl", led(ME), primary()
                    .failsafe(allAccepted()), ON, keep),
            down("a single-node key: nobody to ask, go on leading", led(ME), primary()
                    .failsafe(facts(key(ME, URL2), Map.of())), ON, keep),
            down("failsafe_mode off: demote whatever the members said", led(ME), primary()
                    .failsafe(allAccepted()), OFF, offline),
            down("one member answered 500 (it runs as a primary itself): demote", led(ME), primary()
                    .failsafe(facts(KEY, Map.of("node1", accepted(), "node3", FailsafeRound.Answer.refused()))),
                    ON, offline),
            down("one member of the key was not asked: demote", led(ME), primary()
                    .failsafe(facts(KEY, Map.of("node1", accepted()))), ON, offline),
            down("the key does not list this node: demote", led(ME), primary()
                    .failsafe(facts(key("node1", URL1, "node3", URL3), Map.of("node1", accepted(),
                            "node3", accepted()))), ON, offline),
            down("no key was ever seen: demote", led(ME), primary()
                    .failsafe(new FailsafeFacts(Optional.empty(), Optional.empty(), URL2)), ON, offline),
            down("no round this cycle: demote", led(ME), primary()
                    .failsafe(new FailsafeFacts(Optional.of(KEY), Optional.empty(), URL2)), ON, offline),
            down("a replica waits (and keeps streaming)", led("node1"), replica().failsafe(allAccepted()), ON,
                    noAction(HaMessages.DCS_INACCESSIBLE)),
            down("maintenance mode as last seen: the primary is left alone", led(ME).paused(), primary(), OFF,
                    noAction(paused(HaMessages.DCS_INACCESSIBLE))),
            down("maintenance mode with failsafe_mode: no round needed, left alone", led(ME).paused(), primary(),
                    ON, noAction(paused(HaMessages.DCS_INACCESSIBLE))),

            up("race: a member missing from the key may not race", unlocked().member("node1").failsafe("node1",
                    URL1, "node3", URL3), replica(), ON, "leader-race", notHealthiest),
            up("race: a member of the key races", unlocked().member("node1").failsafe("node1", URL1, ME, URL2),
                    replica(), ON, "leader-race", promote),
            up("race: without failsafe_mode the key does not matter", unlocked().member("node1")
                    .failsafe("node1", URL1), replica(), OFF, "leader-race", promote),
            up("race: an empty key restricts nobody", unlocked().member("node1").failsafe(), replica(), ON,
                    "leader-race", promote),
            up("race: a running primary missing from the key still takes the lock", unlocked().failsafe("node1",
                    URL1), primary(), ON, "leader-race",
                    race(noAction(HaMessages.ACQUIRED_LOCK_AS_LEADER), decision(demote(DemoteMode.IMMEDIATE_NOLOCK),
                            HaMessages.DEMOTED_AFTER_FAILED_LOCK))),
            up("race: the named candidate of a manual failover races though missing from the key", unlocked()
                    .member("node1").failover(null, ME).failsafe("node1", URL1), replica(), ON, "leader-race",
                    race(decision(Action.sequence(Action.ClearFailover.afterAcquiringLock(), new Action.Promote()),
                            HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
                            decision(followNobody(), HaMessages.FOLLOWING_AFTER_FAILED_LOCK))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, ClusterView view, LocalState local, String rule, Decision expected) {
        HaDecider.Explanation explained = decider.explain(view, local);

        assertThat(explained.decision()).isEqualTo(expected);
        assertThat(explained.rule().name()).isEqualTo(rule);
    }

    // ---- the leader a POST /failsafe makes a replica see ----

    private static FailsafePing ping(String from, Instant at) {
        return new FailsafePing(from, "postgres://127.0.0.1:5434/postgres", URL3, at);
    }

    static Stream<Arguments> pinged() {
        Decision followNode1 = decision(follow("node1"), HaMessages.followingLeader(ME, "node1"));
        Decision followNode3 = decision(follow("node3"), HaMessages.followingLeader(ME, "node3"));
        Decision promote = race(decision(new Action.Promote(), HaMessages.PROMOTED_BY_ACQUIRING_LOCK),
                decision(followNobody(), HaMessages.FOLLOWING_AFTER_FAILED_LOCK));
        return Stream.of(
            Arguments.of("unlocked, the primary pinged 29 s ago and its member key is still there: follow it",
                    unlocked().member("node1").member("node3"), replica(), ON, ping("node3", NOW.minusSeconds(29)),
                    "replica", followNode3),
            Arguments.of("unlocked, the primary's member key expired too: follow it by the ping's urls",
                    unlocked().member("node1"), replica(), ON, ping("node3", NOW.minusSeconds(1)), "replica",
                    followNode3),
            Arguments.of("the ping is ttl old: race", unlocked().member("node1"), replica(), ON,
                    ping("node3", NOW.minusSeconds(30)), "leader-race", promote),
            Arguments.of("failsafe_mode off: a ping changes nothing", unlocked().member("node1"), replica(), OFF,
                    ping("node3", NOW.minusSeconds(1)), "leader-race", promote),
            Arguments.of("a node running as the primary ignores an older ping", unlocked().member("node1"),
                    primary(), ON, ping("node3", NOW.minusSeconds(1)), "leader-race",
                    race(noAction(HaMessages.ACQUIRED_LOCK_AS_LEADER), decision(demote(DemoteMode.IMMEDIATE_NOLOCK),
                            HaMessages.DEMOTED_AFTER_FAILED_LOCK))),
            Arguments.of("somebody holds the lock: the ping changes nothing", led("node1"), replica(), ON,
                    ping("node3", NOW.minusSeconds(1)), "replica", followNode1),
            Arguments.of("a ping from this node itself is no leader", unlocked().member("node1"), replica(), ON,
                    ping(ME, NOW.minusSeconds(1)), "leader-race", promote));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pinged")
    void aPingedPrimaryLeadsWhileTheLockIsGone(String name, ClusterFixture cluster, LocalFixture local,
                                               HaSettings settings, FailsafePing ping, String rule,
                                               Decision expected) {
        LocalState state = local.build();
        ClusterView view = decider.view(new ClusterView(cluster.build(), settings, true), Optional.of(ping),
                state.observation(), NOW);

        HaDecider.Explanation explained = decider.explain(view, state);

        assertThat(explained.decision()).isEqualTo(expected);
        assertThat(explained.rule().name()).isEqualTo(rule);
    }

    @Test
    void thePingedLeaderCarriesTheUrlsThePrimarySent() {
        ClusterView view = decider.view(new ClusterView(unlocked().member("node1").build(), ON, true),
                Optional.of(ping("node3", NOW.minusSeconds(1))), replica().build().observation(), NOW);

        assertThat(view.leaderName()).contains("node3");
        assertThat(view.member("node3")).hasValueSatisfying(m -> {
            assertThat(m.connUrl()).contains("postgres://127.0.0.1:5434/postgres");
            assertThat(m.apiUrl()).contains(URL3);
        });
        assertThat(view.cluster().members()).extracting(m -> m.name()).containsExactly("node1", "node3");
    }

    @Test
    void anUnreachableDcsIsNotDressedUpWithAPing() {
        ClusterView down = new ClusterView(Cluster.empty(), ON, false);

        assertThat(decider.view(down, Optional.of(ping("node3", NOW.minusSeconds(1))),
                replica().build().observation(), NOW)).isSameAs(down);
    }

    // ---- the failsafe key, kept by the leader ----

    static Stream<Arguments> keys() {
        ClusterFixture three = led(ME).configured().member("node1", Map.of("api_url", URL1))
                .member("node3", Map.of("api_url", URL3));
        return Stream.of(
            Arguments.of("no key yet: write every member's api_url", three, true, ON,
                    List.of(new Action.WriteFailsafe(key("node2", "http://127.0.0.1:8008/patroni", "node1", URL1,
                            "node3", URL3)))),
            Arguments.of("the key already says so (in any order): nothing", led(ME).configured()
                    .member("node1", Map.of("api_url", URL1)).failsafe("node1", URL1, ME,
                            "http://127.0.0.1:8008/patroni"), true, ON, List.of()),
            Arguments.of("a member left: the key is rewritten without it", led(ME).configured()
                    .failsafe("node1", URL1, ME, "http://127.0.0.1:8008/patroni"), true, ON,
                    List.of(new Action.WriteFailsafe(key(ME, "http://127.0.0.1:8008/patroni")))),
            Arguments.of("our member key is missing: our own api_url stands in", cluster().initialized("x")
                    .configured().leader("node1").member("node3", Map.of("api_url", URL3)), true, ON,
                    List.of(new Action.WriteFailsafe(key("node1", "http://127.0.0.1:8008/patroni", "node3", URL3,
                            ME, URL2)))),
            Arguments.of("a member without api_url is left out", led(ME).configured()
                    .member("node1", Map.of("api_url", "")), true, ON,
                    List.of(new Action.WriteFailsafe(key(ME, "http://127.0.0.1:8008/patroni")))),
            Arguments.of("failsafe_mode off and a key left from before: delete it", led(ME).configured()
                    .failsafe("node1", URL1), true, OFF, List.of(new Action.DeleteFailsafe())),
            Arguments.of("failsafe_mode off and no key: nothing", led(ME).configured(), true, OFF, List.of()),
            Arguments.of("without a valid lock: never written", three, false, ON, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void theLeaderKeepsTheKey(String name, ClusterFixture cluster, boolean validLock, HaSettings settings,
                              List<Action> expected) {
        LocalFixture local = LocalFixture.primary().appliedParameters(Map.of())
                .failsafe(new FailsafeFacts(Optional.empty(), Optional.empty(), URL2));
        if (validLock) {
            local.holdingValidLock();
        }
        HaSettings noSlots = new HaSettings(settings.me(), settings.ttl(), settings.loopWait(),
                settings.retryTimeout(), settings.maximumLagOnFailover(), settings.primaryStartTimeout(), false, true,
                false, false, 0, Map.of(), settings.failsafeMode(), false, settings.guards(), settings.sync());

        assertThat(decider.upkeep(new ClusterView(cluster.build(), noSlots, true), local.build()))
                .isEqualTo(expected);
    }

    @Test
    void theKeyIsNotWrittenWhileTheDcsIsDown() {
        LocalState leader = LocalFixture.primary().holdingValidLock().appliedParameters(Map.of()).build();

        assertThat(decider.upkeep(new ClusterView(led(ME).build(), ON, false), leader)).isEmpty();
    }
}
