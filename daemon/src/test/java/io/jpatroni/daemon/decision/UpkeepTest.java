package io.jpatroni.daemon.decision;

import static io.jpatroni.daemon.decision.ClusterFixture.SYSID;
import static io.jpatroni.daemon.decision.ClusterFixture.cluster;
import static io.jpatroni.daemon.decision.LocalFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.decision.DecisionTable.Upkeep;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.ScheduledRestart;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.LocalSlot;
import io.jpatroni.daemon.model.SlotFacts;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.daemon.model.SyncObservation;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.model.Cluster;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
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
 * The upkeep after a cycle's action as a table: (cluster, local state after the action, settings) → the actions, in
 * the order the executor carries them out.
 */
class UpkeepTest {
    private static final String ME = "node2";
    private static final OffsetDateTime STARTED = OffsetDateTime.parse("2026-11-22T01:00:00Z");
    private static final Map<String, String> PARAMETERS = Map.of("max_connections", "100", "work_mem", "8MB");

    private final HaDecider decider = new HaDecider();

    static HaSettings settings(boolean useSlots, Map<String, String> parameters) {
        return new HaSettings(ME, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                1_048_576, Duration.ofSeconds(300), false, true, useSlots, false, 0, parameters);
    }

    private static final HaSettings SLOTS = settings(true, PARAMETERS);
    private static final HaSettings NO_SLOTS = settings(false, PARAMETERS);

    static Arguments row(String name, ClusterFixture cluster, LocalFixture local, HaSettings settings,
                         Action... expected) {
        return Arguments.of(name, Optional.of(cluster.build()), local.build(), settings, List.of(expected));
    }

    /** A running replica whose PostgreSQL has the parameters in force. */
    private static LocalFixture replica() {
        return LocalFixture.replica().appliedParameters(PARAMETERS);
    }

    /** A running primary whose PostgreSQL has the parameters in force. */
    private static LocalFixture primary() {
        return LocalFixture.primary().appliedParameters(PARAMETERS);
    }

    /** A cluster {@code leader} leads, with a {@code config} key. */
    private static ClusterFixture led(String leader) {
        return cluster().initialized(SYSID).leader(leader).configured();
    }

    private static ScheduledRestart restartAt(OffsetDateTime at, Map<String, Object> filters) {
        Map<String, Object> asked = new LinkedHashMap<>(filters);
        asked.put("schedule", at.toString());
        return new ScheduledRestart(at, asked, Optional.of(STARTED));
    }

    private static final ScheduledRestart DUE = restartAt(NOW.atOffset(ZoneOffset.UTC), Map.of());

    static Stream<Arguments> table() {
        ScheduledRestart inFiveSeconds = restartAt(NOW.plusSeconds(5).atOffset(ZoneOffset.UTC), Map.of());
        ScheduledRestart late15 = restartAt(NOW.minusSeconds(15).atOffset(ZoneOffset.UTC), Map.of());
        ScheduledRestart late16 = restartAt(NOW.minusSeconds(16).atOffset(ZoneOffset.UTC), Map.of());
        ScheduledRestart asReplica = restartAt(NOW.atOffset(ZoneOffset.UTC), Map.of("role", "replica"));
        ScheduledRestart ifPending = restartAt(NOW.atOffset(ZoneOffset.UTC), Map.of("restart_pending", true));
        ScheduledRestart newerVersion = restartAt(NOW.atOffset(ZoneOffset.UTC), Map.of("postgres_version", "16.0"));
        ScheduledRestart olderVersion = restartAt(NOW.atOffset(ZoneOffset.UTC), Map.of("postgres_version", "14.9"));
        return Stream.of(
            row("leader with a valid lock and use_slots: one slot per other streaming member",
                    led(ME).member("node1").member("node3").member("node4", Map.of("tags", Map.of("nostream", true))),
                    primary().holdingValidLock().postmasterStart(STARTED), SLOTS,
                    keep(Set.of("node1", "node3"))),
            row("leader: no slot for a member that streams from another, one for a member falling back to it",
                    led(ME).member("node1").member("node3", Map.of("tags", Map.of("replicatefrom", "node1")))
                            .member("node4", Map.of("tags", Map.of("replicatefrom", "node5"))),
                    primary().holdingValidLock().postmasterStart(STARTED), SLOTS,
                    keep(Set.of("node1", "node4"))),
            row("member_slots_ttl: the slot of a member last seen 20 s ago is kept (a 30 s ttl)",
                    led(ME).member("node1"), primary().holdingValidLock().postmasterStart(STARTED)
                            .slots(departed(20)), SLOTS.withCascade(ttl(30)),
                    new Action.KeepSlots(new SlotPlan(Set.of(), Set.of("node1"), Map.of(), Map.of(),
                            Set.of("node1", "node5"), Map.of()))),
            row("member_slots_ttl: the slot of a member last seen 30 s ago is dropped (a 30 s ttl)",
                    led(ME).member("node1"), primary().holdingValidLock().postmasterStart(STARTED)
                            .slots(departed(30)), SLOTS.withCascade(ttl(30)),
                    new Action.KeepSlots(new SlotPlan(Set.of("node5"), Set.of("node1"), Map.of(), Map.of(),
                            Set.of("node1"), Map.of()))),
            row("member_slots_ttl 0: a departed member's slot is dropped at once (Patroni 3.0.2)",
                    led(ME).member("node1"), primary().holdingValidLock().postmasterStart(STARTED)
                            .slots(departed(1)), SLOTS,
                    new Action.KeepSlots(new SlotPlan(Set.of("node5"), Set.of("node1"), Map.of(), Map.of(),
                            Set.of("node1"), Map.of()))),
            row("leader without use_slots: no slots", led(ME).member("node1"), primary().holdingValidLock(),
                    NO_SLOTS),
            row("leader finds no config key: write it", cluster().initialized(SYSID).leader(ME),
                    primary().holdingValidLock(), NO_SLOTS, new Action.WriteConfigKey()),
            row("leader on a timeline the history key does not know: write it", led(ME).timeline(2),
                    primary().timeline(3).holdingValidLock(), NO_SLOTS, new Action.UpdateHistory(3)),
            row("leader on the timeline the history key knows: nothing", led(ME).timeline(3),
                    primary().timeline(3).holdingValidLock(), NO_SLOTS),
            row("leader on timeline 1: no history", led(ME), primary().holdingValidLock(), NO_SLOTS),
            row("lock holder still promoting (a replica): config key only, no history, no slots",
                    cluster().initialized(SYSID).leader(ME).member("node1").timeline(2),
                    replica().timeline(3).holdingValidLock(), SLOTS, new Action.WriteConfigKey()),
            row("lease expired by our own clock: no leader housekeeping", led(ME).timeline(2).member("node1"),
                    primary().timeline(3), SLOTS),
            row("replica keeps the slots of members replicating from it",
                    led("node1").member(ME).member("node3", Map.of("tags", Map.of("replicatefrom", ME))), replica(),
                    SLOTS, keep(Set.of("node3"))),
            row("replica drops every slot when nobody replicates from it", led("node1").member(ME), replica(),
                    SLOTS, keep(Set.of())),
            row("replica without use_slots: slots left alone", led("node1").member(ME), replica(), NO_SLOTS),
            row("paused replica: slots left alone", led("node1").member(ME).paused(), replica(), SLOTS),
            row("replica lacking a permanent logical slot the leader reports: copy it from the leader",
                    led("node1").member(ME).config(Map.of("slots", Map.of("cdc", Map.of("database", "app",
                                    "plugin", "test_decoding")))).slotPositions(Map.of("cdc", 500L)),
                    replica(), SLOTS,
                    new Action.KeepSlots(new SlotPlan(Set.of(), Set.of(), Map.of(), Map.of(), Set.of("cdc"),
                            Map.of())),
                    new Action.CopyLogicalSlots(new MemberTarget("node1", "127.0.0.1", 5432),
                            Map.of("cdc", SlotSpec.logical("app", "test_decoding")))),

            row("parameters changed, PostgreSQL running: apply them", led("node1"),
                    replica().appliedParameters(Map.of("max_connections", "100")), NO_SLOTS,
                    new Action.ApplyParameters(PARAMETERS)),
            row("parameters changed, PostgreSQL stopped: it gets them when it starts", led("node1"),
                    replica().stopped().appliedParameters(Map.of("max_connections", "100")), NO_SLOTS),
            row("parameters as applied: nothing", led("node1"), replica(), NO_SLOTS),

            row("scheduled restart due now: run it", led("node1"), replica().postmasterStart(STARTED)
                    .scheduledRestart(DUE), NO_SLOTS, new Action.RestartOnSchedule(DUE)),
            row("scheduled restart in 5 s: wait", led("node1"), replica().postmasterStart(STARTED)
                    .scheduledRestart(inFiveSeconds), NO_SLOTS),
            row("scheduled restart int(1.5 x loop_wait) late: still run", led("node1"),
                    replica().postmasterStart(STARTED).scheduledRestart(late15), NO_SLOTS,
                    new Action.RestartOnSchedule(late15)),
            row("scheduled restart later than that: stale, drop it", led("node1"),
                    replica().postmasterStart(STARTED).scheduledRestart(late16), NO_SLOTS,
                    new Action.DropScheduledRestart(late16)),
            row("PostgreSQL restarted since the restart was scheduled: drop it", led("node1"),
                    replica().postmasterStart(STARTED.plusMinutes(5)).scheduledRestart(inFiveSeconds), NO_SLOTS,
                    new Action.DropScheduledRestart(inFiveSeconds)),
            row("scheduled restart while a background task runs: wait", led("node1"),
                    replica().postmasterStart(STARTED).scheduledRestart(DUE).running(TaskKind.REWIND), NO_SLOTS),
            row("scheduled restart of a replica, due on the primary: conditions not met, drop it", led(ME),
                    primary().postmasterStart(STARTED).scheduledRestart(asReplica).holdingValidLock(), NO_SLOTS,
                    new Action.DropScheduledRestart(asReplica)),
            row("scheduled restart if pending, and a restart is pending: run it", led("node1"),
                    replica().postmasterStart(STARTED).pendingRestart().scheduledRestart(ifPending), NO_SLOTS,
                    new Action.RestartOnSchedule(ifPending)),
            row("scheduled restart if pending, and none is: drop it", led("node1"),
                    replica().postmasterStart(STARTED).scheduledRestart(ifPending), NO_SLOTS,
                    new Action.DropScheduledRestart(ifPending)),
            row("scheduled restart for versions below 16.0 on 15.4: run it", led("node1"),
                    replica().postmasterStart(STARTED).scheduledRestart(newerVersion), NO_SLOTS,
                    new Action.RestartOnSchedule(newerVersion)),
            row("scheduled restart for versions below 14.9 on 15.4: drop it", led("node1"),
                    replica().postmasterStart(STARTED).scheduledRestart(olderVersion), NO_SLOTS,
                    new Action.DropScheduledRestart(olderVersion)),

            row("failsafe_mode on, no failsafe key yet: the leader writes it", led(ME), primary().holdingValidLock(),
                    NO_SLOTS.withFailsafeMode(true),
                    new Action.WriteFailsafe(Map.of(ME, "http://127.0.0.1:8008/patroni"))),

            row("everything at once, in the table's order", cluster().initialized(SYSID).leader(ME).member("node1")
                            .timeline(2),
                    primary().timeline(3).holdingValidLock().postmasterStart(STARTED).scheduledRestart(DUE)
                            .appliedParameters(Map.of()), SLOTS,
                    new Action.ApplyParameters(PARAMETERS), new Action.RestartOnSchedule(DUE),
                    new Action.WriteConfigKey(), new Action.UpdateHistory(3), keep(Set.of("node1"))),

            row("synchronous_mode_strict, no standby streams: '*' (more in SyncRulesTest)", led(ME).member("node1"),
                    primary().holdingValidLock(), NO_SLOTS.withSync(new SyncSettings(SyncSettings.Mode.ON, true, 1,
                            -1)),
                    new Action.SetSynchronousStandbyNames(SyncObservation.Kind.PRIORITY, 1, Set.of("*"),
                            "No standbys available! Assigning synchronous standby status to ['*']"))
        );
    }

    /** The member slots {@code names} created and managed from now on (no slot there yet). */
    private static CascadeSettings ttl(int seconds) {
        return new CascadeSettings(Optional.empty(), false, Duration.ofSeconds(seconds));
    }

    /** node5's slot, managed, node5 last seen {@code secondsAgo} before NOW. */
    private static SlotFacts departed(int secondsAgo) {
        return new SlotFacts(List.of(LocalSlot.physical("node5", false, 100)), Set.of("node5"), false, Set.of(),
                Map.of("node5", NOW.minusSeconds(secondsAgo), "node1", NOW));
    }

    private static Action keep(Set<String> names) {
        return new Action.KeepSlots(new SlotPlan(Set.of(), names, Map.of(), Map.of(), names, Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void keepsUp(String name, Optional<Cluster> cluster, LocalState after, HaSettings settings, List<Action> expected) {
        assertThat(decider.upkeep(ClusterView.of(cluster, settings), after)).isEqualTo(expected);
    }

    @Test
    void withTheDcsDownOnlyADueScheduledRestartRuns() {
        LocalState after = primary().holdingValidLock().postmasterStart(STARTED).scheduledRestart(DUE)
                .appliedParameters(Map.of()).build();

        assertThat(decider.upkeep(ClusterView.of(Optional.empty(), SLOTS), after))
                .containsExactly(new Action.RestartOnSchedule(DUE));
    }

    @Test
    void everyUpkeepRowAnswersSomeCase() {
        Set<String> answered = table().map(Arguments::get)
                .flatMap(a -> DecisionTable.UPKEEP.stream()
                        .filter(u -> u.function().decide(ClusterView.of(castCluster(a[1]), (HaSettings) a[3]),
                                (LocalState) a[2]).isPresent()))
                .map(Upkeep::name)
                .collect(Collectors.toSet());

        assertThat(answered).containsExactlyInAnyOrderElementsOf(
                DecisionTable.UPKEEP.stream().map(Upkeep::name).toList());
    }

    @SuppressWarnings("unchecked")
    private static Optional<Cluster> castCluster(Object o) {
        return (Optional<Cluster>) o;
    }
}
