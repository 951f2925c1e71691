package io.jpatroni.daemon.decision.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.PostgresProcess;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import io.jpatroni.dcs.model.Leader;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.dcs.model.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which physical slots a member keeps: Patroni's get_replication_slots for member slots. */
class MemberSlotsTest {
    private static final Observation REPLICA = observation(true);
    private static final Observation PRIMARY = observation(false);

    @Test
    void theLeaderKeepsOneSlotPerOtherStreamingMemberNamedAsPatroniNamesIt() {
        Cluster c = cluster(false, member("pg-1"), member("Pg-2.example.com"), member("pg@3"),
                member("pg4", Map.of("nostream", true)));
        assertThat(MemberSlots.onLeader(c, "pg-1")).containsExactlyInAnyOrder("pg_2_example_com", "pgu00643");
    }

    @Test
    void aReplicaKeepsNoSlotSoAFormerPrimaryDropsTheOnesItHad() {
        Cluster c = cluster(false, member("pg-1"), member("pg-2"), member("pg-3"));
        assertThat(MemberSlots.onReplica(c, "pg-2", REPLICA, true)).contains(Set.of());
    }

    @Test
    void aReplicaKeepsTheSlotsOfMembersThatReplicateFromIt() {
        Cluster c = cluster(false, member("pg-1"), member("pg-2"),
                member("pg-3", Map.of("replicatefrom", "pg-2")), member("pg-4", Map.of("replicatefrom", "pg-1")));
        assertThat(MemberSlots.onReplica(c, "pg-2", REPLICA, true)).contains(Set.of("pg_3"));
    }

    @Test
    void theLeaderNeverGetsASlotOnAReplicaEvenIfItsTagNamesTheReplica() {
        Cluster c = cluster(false, member("pg-1", Map.of("replicatefrom", "pg-2")), member("pg-2"));
        assertThat(MemberSlots.onReplica(c, "pg-2", REPLICA, true)).contains(Set.of());
    }

    @Test
    void theLeaderKeepsNoSlotForAMemberFedByAnotherButOneForAMemberWhoseUpstreamCannotFeedIt() {
        Cluster c = cluster(false, member("pg-1"), member("pg-2"),
                member("pg-3", Map.of("replicatefrom", "pg-2")), member("pg-4", Map.of("replicatefrom", "pg-1")),
                member("pg-5", Map.of("replicatefrom", "gone")));
        assertThat(MemberSlots.onLeader(c, "pg-1")).containsExactlyInAnyOrder("pg_2", "pg_4", "pg_5");

        Cluster stopped = cluster(false, member("pg-1"), stopped(member("pg-2")),
                member("pg-3", Map.of("replicatefrom", "pg-2")));
        assertThat(MemberSlots.onLeader(stopped, "pg-1")).containsExactlyInAnyOrder("pg_2", "pg_3");
        assertThat(MemberSlots.onReplica(stopped, "pg-2", REPLICA, true)).contains(Set.of());
    }

    @Test
    void membersThatNameEachOtherBothStreamFromTheLeader() {
        Cluster c = cluster(false, member("pg-1"), member("pg-2", Map.of("replicatefrom", "pg-3")),
                member("pg-3", Map.of("replicatefrom", "pg-2")), member("pg-4", Map.of("replicatefrom", "pg-3")));
        assertThat(MemberSlots.onLeader(c, "pg-1")).containsExactlyInAnyOrder("pg_2", "pg_3");
        assertThat(MemberSlots.onReplica(c, "pg-3", REPLICA, true)).contains(Set.of("pg_4"));
        assertThat(MemberSlots.onReplica(c, "pg-2", REPLICA, true)).contains(Set.of());
    }

    @Test
    void aDepartedMembersSlotIsRetainedForMemberSlotsTtlAfterItWasLastSeen() {
        Cluster c = cluster(false, member("pg-1"), member("pg-2"));
        java.time.Instant seen = java.time.Instant.parse("2026-01-01T00:00:00Z");
        io.jpatroni.daemon.model.SlotFacts facts = new io.jpatroni.daemon.model.SlotFacts(
                List.of(physical("pg_2"), physical("pg_3"), physical("pg_1"), physical("other")), Set.of(), false,
                Set.of(), Map.of("pg_1", seen, "pg_2", seen, "pg_3", seen, "pg_9", seen));
        java.time.Duration ttl = java.time.Duration.ofSeconds(30);

        assertThat(MemberSlots.retained(c, "pg-1", facts, ttl, seen.plusSeconds(29))).containsExactly("pg_3");
        assertThat(MemberSlots.retained(c, "pg-1", facts, ttl, seen.plusSeconds(30))).isEmpty();
        assertThat(MemberSlots.retained(c, "pg-1", facts, java.time.Duration.ZERO, seen)).isEmpty();
    }

    private static io.jpatroni.daemon.model.LocalSlot physical(String name) {
        return io.jpatroni.daemon.model.LocalSlot.physical(name, false, 100);
    }

    private static Member stopped(Member m) {
        Map<String, Object> data = new LinkedHashMap<>(m.data());
        data.put("state", "stopped");
        return new Member(m.name(), 1, OptionalLong.empty(), data);
    }

    @Test
    void slotsAreLeftAloneInPauseWithoutUseSlotsOrWhenNotARunningReplica() {
        Cluster c = cluster(false, member("pg-1"), member("pg-2"));
        assertThat(MemberSlots.onReplica(cluster(true, member("pg-1"), member("pg-2")), "pg-2", REPLICA, true))
                .isEmpty();
        assertThat(MemberSlots.onReplica(c, "pg-2", REPLICA, false)).isEmpty();
        assertThat(MemberSlots.onReplica(c, "pg-2", PRIMARY, true)).isEmpty();
        assertThat(MemberSlots.onReplica(c, "pg-2", Observation.stopped(DataDir.PRESENT, Optional.empty(), 3,
                PostgresProcess.STOPPED), true)).isEmpty();
    }

    private static Member member(String name) {
        return member(name, Map.of());
    }

    private static Member member(String name, Map<String, Object> tags) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conn_url", "postgres://127.0.0.1:5432/postgres");
        data.put("state", "running");
        data.put("tags", tags);
        return new Member(name, 1, OptionalLong.empty(), data);
    }

    /** The first member holds the leader lock. */
    private static Cluster cluster(boolean paused, Member... members) {
        Optional<ClusterConfig> config = paused
                ? Optional.of(new ClusterConfig(3, "{\"pause\":true}", Map.of("pause", true))) : Optional.empty();
        return new Cluster(Optional.of("42"), config, Optional.of(new Leader(1, members[0].name(),
                Optional.of(members[0]))), new Status(0, Map.of(), List.of()), List.of(members), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Observation observation(boolean inRecovery) {
        return new Observation(DataDir.PRESENT, Optional.of("42"), PostgresProcess.RUNNING, inRecovery, 3,
                OptionalLong.of(100), OptionalLong.of(100), OptionalLong.of(100), Optional.empty(), false,
                Optional.empty(), 150000, Optional.empty(), List.of(), false);
    }
}
