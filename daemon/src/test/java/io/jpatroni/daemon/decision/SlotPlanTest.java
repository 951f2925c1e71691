package io.jpatroni.daemon.decision;

import static io.jpatroni.daemon.decision.ClusterFixture.SYSID;
import static io.jpatroni.daemon.decision.ClusterFixture.cluster;
import static io.jpatroni.daemon.decision.LocalFixture.primary;
import static io.jpatroni.daemon.decision.LocalFixture.replica;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.rules.SlotRules;
import io.jpatroni.daemon.model.LocalSlot;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The slot plan as a decision table: on the primary and on a replica, which slots are wanted, which are created,
 * advanced and dropped, given the {@code config} key ({@code slots}, {@code ignore_slots}, pause), the leader's
 * {@code status} positions and the local slots (present, managed, loaded again or not).
 */
class SlotPlanTest {
    private static final String ME = "node2";
    private static final SlotSpec CDC = SlotSpec.logical("app", "test_decoding");
    private static final HaSettings SLOTS = settings(true, false);

    private static HaSettings settings(boolean useSlots, boolean noFailover) {
        return new HaSettings(ME, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1_048_576, Duration.ofSeconds(300), false, true, useSlots, noFailover, 0, Map.of());
    }

    /** {@code slots}: a logical {@code cdc} in database app, a physical {@code ext_replica}. */
    private static Map<String, Object> permanent() {
        Map<String, Object> slots = new LinkedHashMap<>();
        slots.put("cdc", Map.of("type", "logical", "database", "app", "plugin", "test_decoding"));
        slots.put("ext_replica", Map.of("type", "physical"));
        return slots;
    }

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static SlotFacts facts(Set<String> known, boolean reload, LocalSlot... present) {
        return new SlotFacts(List.of(present), known, reload);
    }

    private static final LocalSlot FOREIGN = LocalSlot.physical("foreign", false, 100);
    private static final LocalSlot DEBEZIUM = LocalSlot.logical("debezium", "app", "pgoutput", false, 100);

    private static SlotPlan plan(Set<String> drop, Set<String> physical, Map<String, SlotSpec> logical,
                                 Map<String, SlotPlan.Advance> advance, Set<String> wanted,
                                 Map<String, Long> positions) {
        return new SlotPlan(drop, physical, logical, advance, wanted, positions);
    }

    static Stream<Arguments> leader() {
        Map<String, Object> slots = config("slots", permanent());
        return Stream.of(
            Arguments.of("nothing yet: a slot per member, the permanent physical and logical slots created",
                    cluster().initialized(SYSID).leader(ME).member("node1").config(slots), facts(Set.of(), false),
                    plan(Set.of(), Set.of("node1", "ext_replica"), Map.of("cdc", CDC), Map.of(),
                            Set.of("node1", "ext_replica", "cdc"), Map.of())),
            Arguments.of("permanent slots there: their positions go to the status key (logical: confirmed flush,"
                            + " physical: restart_lsn)",
                    cluster().initialized(SYSID).leader(ME).config(slots), facts(Set.of("cdc", "ext_replica"), false,
                            LocalSlot.logical("cdc", "app", "test_decoding", true, 700),
                            LocalSlot.physical("ext_replica", false, 300)),
                    plan(Set.of(), Set.of(), Map.of(), Map.of(), Set.of("ext_replica", "cdc"),
                            Map.of("cdc", 700L, "ext_replica", 300L))),
            Arguments.of("a slot someone created while PostgreSQL runs: left alone (Patroni does not load slots"
                            + " again)",
                    cluster().initialized(SYSID).leader(ME).configured(), facts(Set.of(), false, FOREIGN, DEBEZIUM),
                    plan(Set.of(), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("slots loaded again (daemon start, restart, promotion): unknown slots are dropped, logical"
                            + " ones too",
                    cluster().initialized(SYSID).leader(ME).configured(), facts(Set.of(), true, FOREIGN, DEBEZIUM),
                    plan(Set.of("foreign", "debezium"), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("ignore_slots by name protects that slot only",
                    cluster().initialized(SYSID).leader(ME).config(config("ignore_slots",
                            List.of(Map.of("name", "foreign")))), facts(Set.of(), true, FOREIGN, DEBEZIUM),
                    plan(Set.of("debezium"), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("ignore_slots by type logical and plugin pgoutput protects debezium",
                    cluster().initialized(SYSID).leader(ME).config(config("ignore_slots",
                            List.of(Map.of("type", "logical", "plugin", "pgoutput")))),
                    facts(Set.of(), true, FOREIGN, DEBEZIUM),
                    plan(Set.of("foreign"), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("ignore_slots that differs in one attribute (database) protects nothing",
                    cluster().initialized(SYSID).leader(ME).config(config("ignore_slots",
                            List.of(Map.of("name", "debezium", "database", "other")))),
                    facts(Set.of(), true, DEBEZIUM),
                    plan(Set.of("debezium"), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("a member that left: the slot we managed for it is dropped",
                    cluster().initialized(SYSID).leader(ME).configured(),
                    facts(Set.of("node9"), false, LocalSlot.physical("node9", false, 100)),
                    plan(Set.of("node9"), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("maintenance mode: nothing dropped, missing slots still created",
                    cluster().initialized(SYSID).leader(ME).member("node1").config(config("pause", true)),
                    facts(Set.of("node9"), true, FOREIGN, LocalSlot.physical("node9", false, 100)),
                    plan(Set.of(), Set.of("node1"), Map.of(), Map.of(), Set.of("node1"), Map.of())),
            Arguments.of("a permanent logical slot whose plugin changed: dropped and created again",
                    cluster().initialized(SYSID).leader(ME).config(config("slots", Map.of("cdc",
                            Map.of("database", "app", "plugin", "test_decoding")))),
                    facts(Set.of("cdc"), false, LocalSlot.logical("cdc", "app", "pgoutput", false, 100)),
                    plan(Set.of("cdc"), Set.of(), Map.of("cdc", CDC), Map.of(), Set.of("cdc"), Map.of())),
            Arguments.of("a permanent physical slot named like our own member slot is not created",
                    cluster().initialized(SYSID).leader(ME).config(config("slots", Map.of("node2",
                            Map.of("type", "physical")))), facts(Set.of(), false),
                    plan(Set.of(), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("a permanent logical slot named like a member's slot: the member's physical slot wins",
                    cluster().initialized(SYSID).leader(ME).member("node1").config(config("slots", Map.of("node1",
                            Map.of("database", "app", "plugin", "test_decoding")))), facts(Set.of(), false),
                    plan(Set.of(), Set.of("node1"), Map.of(), Map.of(), Set.of("node1"), Map.of())),
            Arguments.of("invalid permanent slot names and values are left out",
                    cluster().initialized(SYSID).leader(ME).config(config("slots", Map.of("Bad-Name",
                            Map.of("type", "physical"), "half", Map.of("type", "logical", "database", "app")))),
                    facts(Set.of(), false),
                    plan(Set.of(), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leader")
    void onThePrimary(String name, ClusterFixture cluster, SlotFacts facts, SlotPlan expected) {
        LocalState local = primary().holdingValidLock().slots(facts).build();
        assertThat(SlotRules.onLeader(ClusterView.of(Optional.of(cluster.build()), SLOTS), local))
                .contains(new Action.KeepSlots(expected));
    }

    static Stream<Arguments> replicaRows() {
        Map<String, Object> slots = config("slots", permanent());
        return Stream.of(
            Arguments.of("behind the leader: the permanent slots advanced to its positions", SLOTS,
                    cluster().initialized(SYSID).leader("node1").member(ME).config(slots)
                            .slotPositions(Map.of("cdc", 500L, "ext_replica", 300L)),
                    facts(Set.of("cdc", "ext_replica"), false, LocalSlot.logical("cdc", "app", "test_decoding",
                            false, 400), LocalSlot.physical("ext_replica", false, 200)),
                    plan(Set.of(), Set.of(), Map.of(), Map.of("cdc", new SlotPlan.Advance(CDC, 500),
                            "ext_replica", new SlotPlan.Advance(SlotSpec.PHYSICAL, 300)),
                            Set.of("cdc", "ext_replica"), Map.of())),
            Arguments.of("at or ahead of the leader's positions: nothing to advance", SLOTS,
                    cluster().initialized(SYSID).leader("node1").member(ME).config(slots)
                            .slotPositions(Map.of("cdc", 500L, "ext_replica", 300L)),
                    facts(Set.of("cdc", "ext_replica"), false, LocalSlot.logical("cdc", "app", "test_decoding",
                            false, 500), LocalSlot.physical("ext_replica", false, 900)),
                    plan(Set.of(), Set.of(), Map.of(), Map.of(), Set.of("cdc", "ext_replica"), Map.of())),
            Arguments.of("missing: the physical one created here, the logical one never (it is copied)", SLOTS,
                    cluster().initialized(SYSID).leader("node1").member(ME).config(slots)
                            .slotPositions(Map.of("cdc", 500L)), facts(Set.of(), false),
                    plan(Set.of(), Set.of("ext_replica"), Map.of(), Map.of(), Set.of("cdc", "ext_replica"),
                            Map.of())),
            Arguments.of("nofailover: no permanent slots, a copy left from before dropped once loaded again",
                    settings(true, true),
                    cluster().initialized(SYSID).leader("node1").member(ME).config(slots)
                            .slotPositions(Map.of("cdc", 500L)),
                    facts(Set.of(), true, LocalSlot.logical("cdc", "app", "test_decoding", false, 400)),
                    plan(Set.of("cdc"), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())),
            Arguments.of("a former primary: its member slots and unknown slots dropped, ignored ones kept", SLOTS,
                    cluster().initialized(SYSID).leader("node1").member(ME).member("node3")
                            .config(config("ignore_slots", List.of(Map.of("name", "foreign")))),
                    facts(Set.of(), true, FOREIGN, DEBEZIUM, LocalSlot.physical("node3", false, 100)),
                    plan(Set.of("debezium", "node3"), Set.of(), Map.of(), Map.of(), Set.of(), Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replicaRows")
    void onAReplica(String name, HaSettings settings, ClusterFixture cluster, SlotFacts facts, SlotPlan expected) {
        LocalState local = replica().slots(facts).build();
        assertThat(SlotRules.onReplica(ClusterView.of(Optional.of(cluster.build()), settings), local))
                .contains(new Action.KeepSlots(expected));
    }

    @Test
    void aReplicaCopiesOnlyLogicalSlotsTheLeaderReportsAndItLacks() {
        Cluster c = cluster().initialized(SYSID).leader("node1").member(ME).config(config("slots", permanent(),
                "ignore_slots", List.of())).slotPositions(Map.of("cdc", 500L, "ext_replica", 1L)).build();
        LocalState lacking = replica().slots(facts(Set.of(), false)).build();
        LocalState having = replica().slots(facts(Set.of(), false,
                LocalSlot.logical("cdc", "app", "test_decoding", false, 1))).build();

        assertThat(SlotRules.copy(ClusterView.of(Optional.of(c), SLOTS), lacking)).contains(
                new Action.CopyLogicalSlots(new io.jpatroni.daemon.model.MemberTarget("node1", "127.0.0.1", 5432),
                        Map.of("cdc", CDC)));
        assertThat(SlotRules.copy(ClusterView.of(Optional.of(c), SLOTS), having)).isEmpty();
        LocalState walGone = replica().slots(new SlotFacts(List.of(LocalSlot.logical("cdc", "app", "test_decoding",
                false, 1)), Set.of("cdc"), false, Set.of("cdc"))).build();
        assertThat(SlotRules.copy(ClusterView.of(Optional.of(c), SLOTS), walGone)).as("advance failed: WAL gone")
                .contains(new Action.CopyLogicalSlots(new io.jpatroni.daemon.model.MemberTarget("node1", "127.0.0.1",
                        5432), Map.of("cdc", CDC)));
        assertThat(SlotRules.copy(ClusterView.of(Optional.of(c), settings(true, true)), lacking)).isEmpty();
        assertThat(SlotRules.copy(ClusterView.of(Optional.of(c), SLOTS),
                replica().slots(facts(Set.of(), false)).running(io.jpatroni.daemon.model.TaskKind.START).build()))
                .isEmpty();
    }

    @Test
    void withoutUseSlotsOrWithoutALeaseTheLeaderLeavesSlotsAlone() {
        Cluster c = cluster().initialized(SYSID).leader(ME).member("node1").configured().build();
        LocalState local = primary().holdingValidLock().slots(facts(Set.of(), true, FOREIGN)).build();

        assertThat(SlotRules.onLeader(ClusterView.of(Optional.of(c), settings(false, false)), local)).isEmpty();
        assertThat(SlotRules.onLeader(ClusterView.of(Optional.of(c), SLOTS),
                primary().slots(facts(Set.of(), true, FOREIGN)).build())).isEmpty();
    }
}
