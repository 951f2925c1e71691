package io.jpatroni.daemon.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.daemon.decision.HaMessages;
import io.jpatroni.daemon.model.ScheduledRestart;
import io.jpatroni.dcs.kv.MutableClock;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.TimelineHistory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Whole cycles of real HaLoops on an in-memory DCS with fake PostgreSQLs: what happens, and in which order. */
class HaLoopTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore(clock);
    private final List<String> journal = new ArrayList<>();
    private final Map<String, TestNode> nodes = new LinkedHashMap<>();

    private TestNode node(String name) {
        TestNode n = new TestNode(name, store, clock, journal, nodes);
        nodes.put(name, n);
        return n;
    }

    @Test
    void firstNodeBootstrapsSecondClonesAndFollows() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");

        assertThat(node1.cycle()).isEqualTo(HaMessages.TRYING_TO_BOOTSTRAP);
        assertThat(node2.cycle()).isEqualTo(HaMessages.WAITING_FOR_LEADER_TO_BOOTSTRAP);
        assertThat(node1.cycle()).isEqualTo(HaMessages.INITIALIZED_NEW_CLUSTER);
        assertThat(node1.dcs.load().initialize()).contains("7710803155684193743");
        assertThat(node1.dcs.load().config()).isPresent();

        assertThat(node2.cycle()).isEqualTo(HaMessages.bootstrapFromLeader("node1"));
        assertThat(node2.cycle()).isEqualTo(HaMessages.followingLeader("node2", "node1"));
        assertThat(node1.cycle()).isEqualTo(HaMessages.leaderWithLock("node1"));
        assertThat(journal).containsExactly("node1:bootstrap", "node2:clone node1", "node2:start replica of node1");
        assertThat(node1.leadership.holdsValidLock()).isTrue();
        assertThat(node2.leadership.holdsValidLock()).isFalse();
        // the metrics hear of every cycle: the row that decided and the action chosen
        assertThat(node1.cycles).hasSize(3).endsWith("leader UpdateLock");
        assertThat(node2.cycles).hasSize(3).endsWith("replica Follow");
    }

    @Test
    void aCustomBootstrapWaitsForTheEndOfRecoveryRunsPostBootstrapAndOnlyThenInitializesTheCluster() {
        TestNode node1 = node("node1");
        node1.postgres.customBootstrap = true;

        assertThat(node1.cycle()).isEqualTo(HaMessages.TRYING_TO_BOOTSTRAP);
        assertThat(node1.cycle()).isEqualTo(HaMessages.WAITING_FOR_END_OF_RECOVERY);
        assertThat(node1.cycle()).isEqualTo(HaMessages.WAITING_FOR_END_OF_RECOVERY);
        assertThat(node1.dcs.load().initialize()).as("no system identifier before post_bootstrap").contains("");
        assertThat(node1.dcs.load().leaderName()).isEmpty();

        assertThat(node1.postgres.bootstrapCompleted).isFalse();
        node1.postgres.endRecovery();
        assertThat(node1.cycle()).isEqualTo(HaMessages.RUNNING_POST_BOOTSTRAP);
        assertThat(node1.cycle()).isEqualTo(HaMessages.INITIALIZED_NEW_CLUSTER);
        assertThat(node1.dcs.load().initialize()).contains("7710803155684193743");
        assertThat(node1.dcs.load().leaderName()).contains("node1");
        assertThat(journal).containsExactly("node1:bootstrap by method", "node1:post_bootstrap");
        assertThat(node1.postgres.bootstrapCompleted).isTrue();
    }

    @Test
    void replicaTakesOverOnlyAfterTheDeadLeadersLeaseExpires() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        node1.postgres.crash();
        nodes.remove("node1");   // its REST API is gone too

        assertThat(node2.cycle()).isEqualTo(HaMessages.followingLeader("node2", "node1"));
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();   // etcd's lease timer
        journal.clear();

        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        assertThat(node2.dcs.load().leaderName()).contains("node2");
        assertThat(journal).containsExactly("node2:promote");
        assertThat(node2.cycle()).isEqualTo(HaMessages.leaderWithLock("node2"));
    }

    @Test
    void leaderThatLostItsKeyDemotesBeforeAnythingElse() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        // node1 hangs past its ttl; node2 takes over
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();   // etcd's lease timer
        nodes.remove("node1");
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        nodes.put("node1", node1);
        journal.clear();

        assertThat(node1.cycle()).isEqualTo(HaMessages.DEMOTING_NO_LOCK);
        assertThat(node1.leadership.holdsValidLock()).isFalse();
        assertThat(journal).containsExactly("node1:demote IMMEDIATE_NOLOCK");
        assertThat(node1.dcs.load().leaderName()).contains("node2");
    }

    @Test
    void theLeadersCleanUpLeavesARequestWrittenSinceItReadTheKey() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        // a request naming another leader: node1's cycle reads it and decides to clean it up ...
        node1.dcs.setFailover(Failover.of(Optional.of("node9"), Optional.of("node2"), Optional.empty()),
                OptionalLong.empty());
        var read = node1.dcs.load();
        // ... while patronictl writes a new one (Patroni passes the index it read: a compare-and-set)
        node2.dcs.setFailover(Failover.of(Optional.of("node1"), Optional.of("node2"), Optional.empty()),
                OptionalLong.empty());

        node1.executor.upkeep(List.of(io.jpatroni.daemon.decision.Action.ClearFailover.ifUnchanged(
                read.failover().orElseThrow().modRevision())),
                new ActionExecutor.Context(read, node1.postgres.observe(), Duration.ofSeconds(30)));

        assertThat(node1.dcs.load().failover()).hasValueSatisfying(f -> {
            assertThat(f.leader()).contains("node1");
            assertThat(f.candidate()).contains("node2");
        });
    }

    @Test
    void aFormerPrimaryStartedWhileTheNewLeaderPromotesIsCheckedAgainAndRewound() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        node1.postgres.crash();
        nodes.remove("node1");
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        nodes.put("node1", node1);
        journal.clear();

        // node1 comes back while node2's promotion has not finished: same timeline, nothing to decide yet
        node1.postgres.divergence = io.jpatroni.daemon.model.Divergence.UNDECIDED;
        assertThat(node1.cycle()).isEqualTo(HaMessages.STARTING_AS_SECONDARY);
        // node2 has left recovery (its member key says primary): node1 had written past the fork
        assertThat(node2.cycle()).isEqualTo(HaMessages.leaderWithLock("node2"));
        node1.postgres.divergence = io.jpatroni.daemon.model.Divergence.REWIND_NEEDED;

        assertThat(node1.cycle()).isEqualTo(HaMessages.runningRewind("node2"));
        assertThat(journal).containsSubsequence("node1:start replica of node2", "node1:rewind node2",
                "node1:start replica of node2");
        // decided: the running replica is not checked again
        node1.postgres.divergence = io.jpatroni.daemon.model.Divergence.REWIND_NEEDED;
        assertThat(node1.cycle()).isEqualTo(HaMessages.followingLeader("node1", "node2"));
    }

    @Test
    void aPrimaryDemotedAfterLosingItsKeyIsCheckedAgainOnceItRunsAsAReplica() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        node1.postgres.restartAfterDemote = true;
        // node1 cut off past its ttl (fault 4 of scripts/chaos): node2 takes over
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();
        nodes.remove("node1");
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        assertThat(node2.cycle()).isEqualTo(HaMessages.leaderWithLock("node2"));
        nodes.put("node1", node1);
        assertThat(node1.cycle()).isEqualTo(HaMessages.DEMOTING_NO_LOCK);
        journal.clear();

        // node1 wrote past the point where node2 took over
        node1.postgres.divergence = io.jpatroni.daemon.model.Divergence.REWIND_NEEDED;
        assertThat(node1.cycle()).isEqualTo(HaMessages.runningRewind("node2"));
        assertThat(journal).containsSubsequence("node1:rewind node2", "node1:start replica of node2");
    }

    @Test
    void aReplicaIsCheckedAgainWhenTheLeaderChangesUnderIt() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        TestNode node3 = node("node3");
        bootstrap(node1, node2);
        assertThat(node3.cycle()).isEqualTo(HaMessages.bootstrapFromLeader("node1"));
        assertThat(node3.cycle()).isEqualTo(HaMessages.followingLeader("node3", "node1"));
        node1.postgres.crash();
        nodes.remove("node1");
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        assertThat(node2.cycle()).isEqualTo(HaMessages.leaderWithLock("node2"));
        journal.clear();

        // node3 had replayed more of node1's WAL than node2 when node2 took over
        node3.postgres.divergence = io.jpatroni.daemon.model.Divergence.REWIND_NEEDED;
        assertThat(node3.cycle()).isEqualTo(HaMessages.runningRewind("node2"));
        assertThat(journal).containsSubsequence("node3:rewind node2", "node3:start replica of node2");
    }

    @Test
    void aStoppedReplicaStartsInTheBackgroundWhileTheLoopKeepsCycling() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        node2.postgres.crash();
        List<Runnable> background = new ArrayList<>();
        node2.taskExecutor = background::add;
        journal.clear();

        assertThat(node2.cycle()).isEqualTo(HaMessages.STARTING_AS_SECONDARY);
        assertThat(journal).isEmpty(); // pg_ctl start did not run in the loop thread
        assertThat(node2.cycle()).isEqualTo(HaMessages.inProgress("restarting after failure"));
        background.forEach(Runnable::run);

        assertThat(journal).containsExactly("node2:start replica of node1");
        assertThat(node2.cycle()).isEqualTo(HaMessages.followingLeader("node2", "node1"));
    }

    @Test
    void leaderWithExpiredLockIsNotPrimaryByItsOwnClock() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        assertThat(node1.leadership.holdsValidLock()).isTrue();

        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();   // etcd's lease timer

        assertThat(node1.leadership.holdsValidLock()).isFalse();
    }

    @Test
    void dcsOutageDemotesThePrimaryOffline() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        store.setAvailable(false);
        journal.clear();

        assertThat(node1.cycle()).isEqualTo(HaMessages.DEMOTED_DCS_INACCESSIBLE);
        assertThat(node2.cycle()).isEqualTo(HaMessages.DCS_INACCESSIBLE);
        assertThat(journal).containsExactly("node1:demote OFFLINE");
        assertThat(node1.leadership.holdsValidLock()).isFalse();
    }

    @Test
    void nodeWithForeignDataDirectoryStopsWithAFatalError() {
        TestNode node1 = node("node1");
        node1.cycle();
        node1.cycle();
        TestNode stranger = node("node3");
        stranger.postgres.initdbSysid = "7710803155684100001";
        stranger.postgres.bootstrap();   // a data directory from its own initdb

        assertThatThrownBy(stranger::cycle).isInstanceOf(FatalException.class)
                .hasMessage(HaMessages.systemIdMismatch("node3", "7710803155684193743", "7710803155684100001"));
        assertThat(journal).containsExactly("node1:bootstrap", "node3:bootstrap");
    }

    @Test
    void switchoverStopsTheLeaderBeforeReleasingTheKeyAndTheCandidatePromotesWithoutRewind() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        TestNode node3 = node("node3");
        bootstrap(node1, node2);
        node3.cycle();
        node3.cycle();
        node1.cycle();
        node1.postgres.onDemote = () -> journal.add("leader key at stop: " + node1.dcs.load().leaderName().orElse("-"));
        node1.dcs.setFailover(Failover.of(Optional.of("node1"), Optional.of("node2"), Optional.empty()),
                OptionalLong.empty());
        journal.clear();

        assertThat(node1.cycle()).isEqualTo(HaMessages.MANUAL_FAILOVER_DEMOTING);
        assertThat(node1.dcs.load().leaderName()).isEmpty();
        assertThat(node3.cycle()).isEqualTo(HaMessages.FOLLOWING_NOT_HEALTHIEST);
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        assertThat(node1.cycle()).isEqualTo(HaMessages.followingLeader("node1", "node2"));
        assertThat(node3.cycle()).isEqualTo(HaMessages.followingLeader("node3", "node2"));

        assertThat(journal).containsExactly("node1:checkpoint", "leader key at stop: node1", "node1:demote GRACEFUL",
                "node1:start replica of nobody", "node2:promote", "node1:follow node2", "node3:follow node2");
        assertThat(node2.dcs.load().failover().filter(f -> f.leader().isPresent() || f.candidate().isPresent()))
                .as("failover key emptied").isEmpty();
    }

    @Test
    void pausedClusterDoesNotReplaceADeadLeader() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        node1.dcs.setConfig(Map.of("ttl", 30, "loop_wait", 10, "pause", true), OptionalLong.empty());
        node1.postgres.crash();
        journal.clear();

        assertThat(node1.cycle()).isEqualTo("PAUSE: removed leader lock because postgres is not running");
        assertThat(node2.cycle()).isEqualTo("PAUSE: no action. I am (node2)");
        assertThat(node1.cycle()).isEqualTo("PAUSE: postgres is not running");
        assertThat(journal).isEmpty();

        node1.dcs.setConfig(Map.of("ttl", 30, "loop_wait", 10), OptionalLong.empty());
        nodes.remove("node1");
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
    }

    @Test
    void theNewLeaderWritesTheHistoryAndKeepsASlotPerMemberInTheCycleItPromotes() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        TestNode node3 = node("node3");
        nodes.values().forEach(TestNode::useSlots);
        bootstrap(node1, node2);
        node3.cycle();
        node3.cycle();
        assertThat(node1.cycle()).isEqualTo(HaMessages.leaderWithLock("node1"));
        assertThat(journal).contains("node1:slots [node2, node3]");
        node1.postgres.crash();
        nodes.remove("node1");
        clock.advance(Duration.ofSeconds(20));
        node2.cycle();
        node3.cycle();
        clock.advance(Duration.ofSeconds(11));
        store.expireLeases();   // node1's lease, not refreshed for 31 s
        journal.clear();

        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);

        assertThat(journal).containsExactly("node2:promote", "node2:slots [node3]");
        TimelineHistory history = node2.dcs.load().history().orElseThrow();
        assertThat(history.lines()).singleElement().satisfies(line -> {
            assertThat(line.timeline()).isEqualTo(1);
            assertThat(line.newLeader()).contains("node2");
            assertThat(line.timestamp()).isPresent();
        });
        journal.clear();
        assertThat(node2.cycle()).isEqualTo(HaMessages.leaderWithLock("node2"));
        assertThat(journal).as("slots and history are kept, not rewritten").isEmpty();
    }

    @Test
    void changedParametersAreAppliedOnceAfterTheCycle() {
        TestNode node1 = node("node1");
        node1.cycle();
        node1.cycle();
        journal.clear();
        node1.parameters(Map.of("work_mem", "8MB"));

        assertThat(node1.cycle()).isEqualTo(HaMessages.leaderWithLock("node1"));
        assertThat(node1.cycle()).isEqualTo(HaMessages.leaderWithLock("node1"));

        assertThat(journal).containsExactly("node1:apply parameters {work_mem=8MB}");
    }

    @Test
    void aScheduledRestartRunsWhenDueAndIsForgotten() {
        TestNode node1 = node("node1");
        node1.cycle();
        node1.cycle();
        journal.clear();
        OffsetDateTime at = clock.instant().plusSeconds(10).atOffset(ZoneOffset.UTC);
        assertThat(node1.restarts.schedule(new ScheduledRestart(at, Map.of("schedule", at.toString()),
                Optional.empty()))).isTrue();

        node1.cycle();
        assertThat(journal).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        node1.cycle();

        assertThat(journal).containsExactly("node1:restart");
        assertThat(node1.restarts.pending()).isEmpty();
    }

    @Test
    void guardsAreActivatedBeforeLeadingKeptAliveAfterEachLockWriteAndDisabledAfterADemotion() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        node1.guarded();
        node2.guarded();
        node1.cycle();
        assertThat(node1.cycle()).isEqualTo(HaMessages.INITIALIZED_NEW_CLUSTER);
        // alone after its bootstrap: the device is activated, the fence stays disarmed (nobody could take over)
        assertThat(journal).containsExactly("node1:bootstrap", "node1:guards activate fence=false from 100000");
        node2.cycle();
        node2.cycle();
        journal.clear();
        node1.guards.bootCentis = 100_500;

        assertThat(node1.cycle()).isEqualTo(HaMessages.leaderWithLock("node1"));
        // node2 streams now: the fence is armed from the boot time read just before this cycle's lock write
        assertThat(journal).containsExactly("node1:guards keepalive fence=true from 100500");

        clock.advance(Duration.ofSeconds(31));   // node1 hangs past its ttl; node2 takes over
        store.expireLeases();
        nodes.remove("node1");
        journal.clear();
        assertThat(node2.cycle()).isEqualTo(HaMessages.PROMOTED_BY_ACQUIRING_LOCK);
        // activated before the promotion; node1's member key expired with its lease: nobody left to fence against
        assertThat(journal).containsExactly("node2:guards activate fence=false from 100000", "node2:promote");

        nodes.put("node1", node1);
        journal.clear();
        assertThat(node1.cycle()).isEqualTo(HaMessages.DEMOTING_NO_LOCK);
        assertThat(journal).containsExactly("node1:demote IMMEDIATE_NOLOCK", "node1:guards disable");
    }

    @Test
    void aRequiredWatchdogThatCannotBeActivatedReleasesTheLockInsteadOfPromoting() {
        TestNode node1 = node("node1");
        TestNode node2 = node("node2");
        bootstrap(node1, node2);
        node2.guarded();
        node2.guards.activates = false;
        node1.postgres.crash();
        nodes.remove("node1");
        clock.advance(Duration.ofSeconds(31));
        store.expireLeases();
        journal.clear();

        assertThat(node2.cycle()).isEqualTo(HaMessages.NOT_PROMOTING_WATCHDOG_NOT_ACTIVATED);
        assertThat(journal).containsExactly("node2:guards activate fence=false from 100000");
        assertThat(node2.dcs.load().leaderName()).isEmpty();
        assertThat(node2.postgres.isPrimary()).isFalse();
        assertThat(node2.leadership.holdsValidLock()).isFalse();

        node2.guards.healthy = false;   // what a required watchdog that failed reports: no race at all
        journal.clear();
        assertThat(node2.cycle()).isEqualTo(HaMessages.FOLLOWING_NOT_HEALTHIEST);
        assertThat(journal).containsExactly("node2:follow nobody");
    }

    private void bootstrap(TestNode leader, TestNode replica) {
        leader.cycle();
        leader.cycle();
        replica.cycle();
        replica.cycle();
        leader.cycle();
        assertThat(replica.postgres.following()).contains(leader.name);
    }
}
