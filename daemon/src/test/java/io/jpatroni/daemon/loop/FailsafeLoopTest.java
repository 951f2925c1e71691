package io.jpatroni.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.kv.MutableClock;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Failsafe mode in whole cycles of real HaLoops on an in-memory DCS with fake PostgreSQLs, whose REST APIs answer
 * {@code POST /failsafe} as the fakes stand: the key the leader keeps, a DCS outage survived while every member
 * confirms, a demotion when one does not, and the DCS coming back.
 */
class FailsafeLoopTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore(clock);
    private final List<String> journal = new ArrayList<>();
    private final Map<String, TestNode> nodes = new LinkedHashMap<>();

    private TestNode node(String name) {
        TestNode n = new TestNode(name, store, clock, journal, nodes);
        n.failsafeMode(true);
        nodes.put(name, n);
        return n;
    }

    /** node1 leads node2 and node3, and has written the failsafe key. */
    private void threeNodes() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        TestNode node3 = node("node3");
        node1.cycle();
        node1.cycle();
        for (TestNode replica : List.of(node2, node3)) {
            replica.cycle();
            replica.cycle();
        }
        node1.cycle();
        assertThat(node2.postgres.following()).contains("node1");
        assertThat(node3.postgres.following()).contains("node1");
        journal.clear();
    }

    @Test
    void theLeaderKeepsTheFailsafeKeyListingEveryMember_writtenOnlyWhenItChanged() {
        threeNodes();
        TestNode node1 = nodes.get("node1");

        assertThat(node1.dcs.load().failsafe()).hasValue(Map.of("node1", TestNode.API_URL,
                "node2", TestNode.API_URL, "node3", TestNode.API_URL));
        long revision = store.revision();
        node1.cycle();
        assertThat(store.revision()).as("an unchanged key is not written again").isEqualTo(revision);

        node1.failsafeMode(false);
        node1.cycle();
        assertThat(node1.dcs.load().failsafe()).as("failsafe_mode off: the key is deleted").isEmpty();
        assertThat(node1.failsafe.topology()).isEmpty();
    }

    @Test
    void dcsDown_everyMemberConfirms_thePrimaryKeepsLeadingAndItsValidityMovesWithEachRound() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        store.setAvailable(false);

        Instant firstRound = clock.instant();
        assertThat(node1.cycle()).isEqualTo(HaMessages.CONTINUE_AS_LEADER_FAILSAFE);
        assertThat(node1.leadership.validUntil()).contains(firstRound.plus(TTL));
        assertThat(node1.leadership.isExtendedByFailsafe()).isTrue();
        assertThat(node1.leadership.failsafeRoundStartedAt()).contains(firstRound);
        assertThat(nodes.get("node2").failsafe.ping()).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("node1");
            assertThat(p.receivedAt()).isEqualTo(firstRound);
        });
        assertThat(nodes.get("node2").cycle()).isEqualTo(HaMessages.DCS_INACCESSIBLE);

        clock.advance(Duration.ofSeconds(20));
        assertThat(node1.cycle()).isEqualTo(HaMessages.CONTINUE_AS_LEADER_FAILSAFE);
        assertThat(node1.leadership.validUntil()).contains(firstRound.plusSeconds(20).plus(TTL));
        assertThat(journal).as("nobody demoted, nobody stopped streaming").isEmpty();
    }

    /**
     * Patroni keeps its watchdog alive in {@code _handle_dcs_error}; jpatroni's fence moves its deadline to the
     * round's start (on the boot clock), as it would to a lock write's.
     */
    @Test
    void dcsDown_everyMemberConfirms_theGuardsAreKeptAliveFromTheRoundsStart() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        node1.guarded();
        node1.cycle();
        assertThat(journal).containsExactly("node1:guards keepalive fence=true from 100000",
                "node1:guards activate fence=true from 100000");
        journal.clear();
        store.setAvailable(false);
        node1.guards.bootCentis += 700;   // 7 s after the last lock write

        assertThat(node1.cycle()).isEqualTo(HaMessages.CONTINUE_AS_LEADER_FAILSAFE);
        assertThat(journal).containsExactly("node1:guards keepalive fence=true from 100700");
    }

    /**
     * #12, fault 6 at ttl 10: the DCS stops answering right after a lock renewal. The member-key write that follows
     * is cut short by the loop's budget (the fence's time left minus the failsafe round's), and the loop runs the
     * failsafe round in the same cycle, moving the fence's deadline to the round's start, instead of waiting
     * loop_wait and another retry_timeout while the fence's deadline passes.
     */
    @Test
    void theDcsDiesAfterTheRenewal_aWriteCutShortByTheBudget_theFailsafeRoundRunsInTheSameCycle() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        node1.guarded();
        node1.cycle();
        journal.clear();
        node1.guards.bootCentis += 100;
        node1.beforePublish = () -> {
            store.setAvailable(false);
            node1.guards.bootCentis += 250;   // the write waited what the budget gave it
            throw new DcsCutShortException("put /service/demo/members/node1: etcd did not answer within 2500 ms");
        };

        assertThat(node1.cycle()).isEqualTo(HaMessages.CONTINUE_AS_LEADER_FAILSAFE);
        assertThat(journal).containsExactly("node1:guards keepalive fence=true from 100100",
                "node1:guards keepalive fence=true from 100350");
        assertThat(node1.leadership.isExtendedByFailsafe()).isTrue();
        assertThat(nodes.get("node2").failsafe.ping()).isPresent();
    }

    @Test
    void theLoopsDcsCallsLeaveTheFailsafeRoundItsTimeBeforeTheFencesDeadline() {
        TestNode node1 = node("node1");
        node1.cycle();
        assertThat(node1.loop.dcsCallBudget()).as("no deadline").isGreaterThan(Duration.ofDays(1));
        node1.guards.timeLeft = Optional.of(Duration.ofSeconds(4));
        assertThat(node1.loop.dcsCallBudget()).isEqualTo(Duration.ofMillis(1500));
        node1.guards.timeLeft = Optional.of(Duration.ofSeconds(2));
        assertThat(node1.loop.dcsCallBudget()).as("already too late: no call is sent").isNegative();
        node1.failsafeMode(false);
        node1.cycle();
        assertThat(node1.loop.dcsCallBudget()).as("failsafe_mode off: the retry timeout alone")
                .isGreaterThan(Duration.ofDays(1));
    }

    @Test
    void dcsDown_oneMemberUnreachable_thePrimaryDemotes() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        nodes.remove("node3");   // its REST API is gone
        store.setAvailable(false);

        assertThat(node1.cycle()).isEqualTo(HaMessages.DEMOTED_DCS_INACCESSIBLE);
        assertThat(journal).containsExactly("node1:demote OFFLINE");
        assertThat(node1.leadership.holdsValidLock()).isFalse();
        assertThat(node1.leadership.isExtendedByFailsafe()).isFalse();
    }

    @Test
    void dcsDown_failsafeModeOff_thePrimaryDemotesAsBefore() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        nodes.values().forEach(n -> n.failsafeMode(false));
        store.setAvailable(false);

        assertThat(node1.cycle()).isEqualTo(HaMessages.DEMOTED_DCS_INACCESSIBLE);
        assertThat(nodes.get("node2").failsafe.ping()).as("nobody was asked").isEmpty();
    }

    @Test
    void theDcsDiesBetweenTheLoadAndTheRenewal_theRenewalIsJudgedAsAnOutage() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        node1.afterLoad = () -> store.setAvailable(false);

        assertThat(node1.cycle()).isEqualTo(HaMessages.CONTINUE_AS_LEADER_FAILSAFE);
        assertThat(journal).isEmpty();

        node1.failsafeMode(false);
        assertThat(node1.cycle()).as("failsafe off: demoted offline, as Patroni on a DCSError")
                .isEqualTo(HaMessages.DEMOTED_DCS_INACCESSIBLE);
        assertThat(journal).containsExactly("node1:demote OFFLINE");
    }

    @Test
    void theDcsComesBackAfterTheLeaseExpired_thePrimaryTakesTheLockAgain_theReplicasFollowIt() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        store.setAvailable(false);
        for (int i = 0; i < 4; i++) {
            assertThat(node1.cycle()).isEqualTo(HaMessages.CONTINUE_AS_LEADER_FAILSAFE);
            clock.advance(Duration.ofSeconds(10));
        }
        store.setAvailable(true);
        store.expireLeases();   // 40 s without a renewal: the lock and the member keys are gone

        assertThat(nodes.get("node2").dcs.load().leaderName()).isEmpty();
        assertThat(nodes.get("node2").cycle()).as("pinged within ttl: node1 still leads for node2")
                .isEqualTo(HaMessages.followingLeader("node2", "node1"));
        assertThat(node1.cycle()).isEqualTo(HaMessages.ACQUIRED_LOCK_AS_LEADER);
        assertThat(node1.leadership.isExtendedByFailsafe()).isFalse();
        assertThat(nodes.get("node3").cycle()).isEqualTo(HaMessages.followingLeader("node3", "node1"));
        assertThat(journal).as("no promotion, no demotion").noneMatch(e -> e.contains("promote")
                || e.contains("demote"));
    }

    @Test
    void aReplicaMissingFromTheFailsafeKeyMayNotRace() {
        threeNodes();
        TestNode node1 = nodes.get("node1");
        TestNode node4 = joinedAheadOfEveryone();
        node1.postgres.crash();
        nodes.remove("node1");
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();
        journal.clear();

        assertThat(node4.dcs.load().failsafe().orElseThrow()).doesNotContainKey("node4");
        assertThat(node4.cycle()).isEqualTo(HaMessages.FOLLOWING_NOT_HEALTHIEST);
        assertThat(journal).noneMatch(e -> e.startsWith("node4:promote"));

        node4.failsafeMode(false);
        assertThat(node4.cycle()).as("the same node without failsafe_mode").isEqualTo(
                HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
    }

    /** node4: a running replica, ahead of the others, whose member key the leader has not yet put in the key. */
    private TestNode joinedAheadOfEveryone() {
        TestNode node4 = node("node4");
        node4.postgres.cloneFrom(new MemberTarget("node1", "127.0.0.1", 5432));
        node4.postgres.startAsReplica(Optional.empty());
        node4.postgres.advanceLsn(1000);
        return node4;
    }
}
