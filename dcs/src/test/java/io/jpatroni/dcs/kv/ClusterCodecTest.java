package io.jpatroni.dcs.kv;

import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.SyncState;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCodecTest {
    private final ClusterCodec codec = new ClusterCodec();
    private final Keys keys = Keys.of("/service", "demo");

    static List<String> captures() {
        return Fixtures.CAPTURES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void reEncodesEveryValueJpatroniWritesByteForByte(String name) {
        List<KeyValue> kvs = Fixtures.capture(name);
        Cluster c = codec.decodeCluster(keys, kvs);
        for (KeyValue kv : kvs) {
            String rel = keys.relative(kv.key());
            String encoded = switch (rel) {
                case "status" -> codec.encodeStatus(c.status().lastLsn(), c.status().slots(), c.status().retainSlots());
                case "history" -> codec.encodeHistory(c.history().orElseThrow().lines());
                case "failover" -> codec.encodeFailover(Failover.cleared());
                case "config" -> codec.write(c.config().orElseThrow().data());
                case "initialize" -> c.initialize().orElseThrow();
                case "leader" -> c.leaderName().orElseThrow();
                default -> codec.encodeMember(c.member(rel.substring("members/".length())).orElseThrow().data());
            };
            assertThat(encoded).as(kv.key()).isEqualTo(kv.value());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void decodesEveryCaptureIntoTheModel(String name) {
        Cluster c = codec.decodeCluster(keys, Fixtures.capture(name));
        assertThat(c.initialize()).contains("7710803155684193743");
        assertThat(c.config().orElseThrow().data()).containsEntry("ttl", 30).containsEntry("loop_wait", 10);
        assertThat(c.members()).extracting(Member::name).contains("node1", "node2");
        assertThat(c.isUnlocked()).isFalse();
        Member leader = c.leader().orElseThrow().member().orElseThrow();
        assertThat(leader.role()).contains("master");
        assertThat(leader.lease()).isPresent();
        assertThat(c.failover()).isEmpty();   // "{}" means no failover
        assertThat(c.lastLsn()).isEqualTo(leader.xlogLocation().orElseThrow());
        assertThat(c.timeline()).isEqualTo(c.history().isEmpty() ? 0 : leader.timeline().orElseThrow());
    }

    @Test
    void healthyCaptureDetails() {
        Cluster c = codec.decodeCluster(keys, Fixtures.capture("healthy"));
        assertThat(c.leaderName()).contains("node3");
        assertThat(c.leader().orElseThrow().modRevision()).isEqualTo(12);
        Member n1 = c.member("node1").orElseThrow();
        assertThat(n1.modRevision()).isEqualTo(25);
        assertThat(n1.connUrl()).contains("postgres://127.0.0.1:5432/postgres");
        assertThat(n1.apiUrl()).contains("http://127.0.0.1:8008/patroni");
        assertThat(n1.host()).contains("127.0.0.1");
        assertThat(n1.port()).hasValue(5432);
        assertThat(n1.isRunning()).isTrue();
        assertThat(n1.tags()).containsEntry("zone", "a");
        assertThat(n1.xlogLocation()).hasValue(67108960);
        assertThat(n1.timeline()).hasValue(1);
        assertThat(n1.noFailover()).isFalse();
        assertThat(n1.failoverPriority()).isEqualTo(1);
        assertThat(c.history()).isEmpty();
        assertThat(c.sync()).isEmpty();
    }

    @Test
    void nonAsciiFloatsAndEscapesWrittenAsPatroniWroteThem() {
        String member = Fixtures.nonAscii("dcs_member_node1.value");
        Member m = codec.decodeMember("node1", kv("members/node1", member));
        assertThat(m.tags()).containsEntry("city", "Zürich").containsEntry("note", "snow ☃ clef 𝄞")
                .containsEntry("small", 0.00001).containsEntry("big", 1e20);
        assertThat(codec.encodeMember(m.data())).isEqualTo(member);
        for (String config : List.of("dcs_config_bootstrap.value", "dcs_config_after_patch.value")) {
            String value = Fixtures.nonAscii(config);
            assertThat(codec.write(codec.decodeConfig(1, value).data())).as(config).isEqualTo(value);
        }
    }

    @Test
    void historyGivesClusterTimeline() {
        Cluster c = codec.decodeCluster(keys, Fixtures.capture("after_patronictl_failover"));
        List<HistoryLine> lines = c.history().orElseThrow().lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo(new HistoryLine(3, 67110112, "no recovery target specified",
                Optional.of("2026-11-22T01:36:01.659615+00:00"), Optional.of("node2")));
        assertThat(c.timeline()).isEqualTo(4);
        assertThat(codec.decodeCluster(keys, List.of(kv("history", "[]"))).timeline()).isEqualTo(1);
    }

    @Test
    void garbageNeverThrows() {
        Cluster c = codec.decodeCluster(keys, List.of(
                kv("members/bad", "{not json"), kv("members/list", "[1,2]"), kv("config", "nope"),
                kv("status", "garbage"), kv("failover", "[]"), kv("sync", "42"), kv("history", "{}"),
                kv("failsafe", "x"), kv("members/a/b", "{}"), kv("leader", "ghost")));
        assertThat(c.members()).extracting(Member::name).containsExactlyInAnyOrder("bad", "list");
        assertThat(c.member("bad").orElseThrow().data()).isEmpty();
        assertThat(c.member("bad").orElseThrow().state()).isEqualTo("unknown");
        assertThat(c.config().orElseThrow().data()).isEmpty();
        assertThat(c.status().lastLsn()).isZero();
        assertThat(c.failover()).isEmpty();
        assertThat(c.sync().orElseThrow().isEmpty()).isTrue();
        assertThat(c.history().orElseThrow().lines()).isEmpty();
        assertThat(c.timeline()).isZero();
        assertThat(c.failsafe()).isEmpty();
        assertThat(c.leaderName()).contains("ghost");
        assertThat(c.leader().orElseThrow().member()).isEmpty();
    }

    @Test
    void legacyValues() {
        Cluster c = codec.decodeCluster(keys, List.of(kv("optime/leader", "1234"),
                kv("members/old", "postgres://u:p@10.0.0.1:5433/postgres?application_name=http://10.0.0.1:8008/patroni"),
                kv("failover", "node1:node2")));
        assertThat(c.lastLsn()).isEqualTo(1234);
        Member old = c.member("old").orElseThrow();
        assertThat(old.apiUrl()).contains("http://10.0.0.1:8008/patroni");
        assertThat(old.port()).hasValue(5433);
        assertThat(c.failover().orElseThrow().candidate()).contains("node2");
    }

    @Test
    void failoverSyncStatusFailsafeRoundTrip() {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-22T01:35:24+00:00");
        String f = codec.encodeFailover(Failover.of(Optional.of("node1"), Optional.of("node2"), Optional.of(at)));
        assertThat(f).isEqualTo("{\"leader\":\"node1\",\"member\":\"node2\",\"scheduled_at\":\"2026-11-22T01:35:24+00:00\"}");
        // the isoformat of scheduled_at itself: PyTimeTest
        assertThat(codec.decodeFailover(7, f).orElseThrow().scheduledAt()).contains(at);
        assertThat(codec.encodeFailover(Failover.of(Optional.empty(), Optional.of("node2"), Optional.empty())))
                .isEqualTo("{\"member\":\"node2\"}");

        String s = codec.encodeSync(new SyncState(0, Optional.of("node1"), Set.of("node3", "node2"), OptionalInt.empty()));
        assertThat(s).isEqualTo("{\"leader\":\"node1\",\"sync_standby\":\"node2,node3\"}");
        assertThat(codec.encodeSync(new SyncState(0, Optional.of("node1"), Set.of(), OptionalInt.empty())))
                .isEqualTo("{\"leader\":\"node1\",\"sync_standby\":null}");
        assertThat(codec.decodeSync(3, s).syncStandbys()).containsExactlyInAnyOrder("node2", "node3");
        assertThat(codec.decodeSync(3, s).matches("NODE2")).isTrue();

        String st = codec.encodeStatus(100, Map.of("b", 2L, "a", 1L), List.of("node1"));
        assertThat(st).isEqualTo("{\"optime\":100,\"slots\":{\"a\":1,\"b\":2},\"retain_slots\":[\"node1\"]}");
        assertThat(codec.decodeStatus(st).slots()).containsEntry("a", 1L);

        assertThat(codec.encodeFailsafe(Map.of("node2", "http://b", "node1", "http://a")))
                .isEqualTo("{\"node1\":\"http://a\",\"node2\":\"http://b\"}");
        // a key written by Patroni in its members' order is read in that order (GET /failsafe renders it so)
        assertThat(codec.decodeFailsafe("{\"node3\":\"http://c\",\"node1\":\"http://a\",\"node2\":\"http://b\"}")
                .orElseThrow().keySet()).containsExactly("node3", "node1", "node2");
        assertThat(codec.encodeMember(Map.of("tags", Map.of("x", "é")))).isEqualTo("{\"tags\":{\"x\":\"\\u00e9\"}}");
    }

    /** Patroni's zookeeper backend re-creates the member znode for these changes only (its touch_member). */
    @Test
    void significantMemberChangesAreTheOnesPatroniAnnouncesOnZooKeeper() {
        String running = "{\"state\":\"running\",\"role\":\"replica\",\"version\":\"3.0.2\",\"xlog_location\":1,"
                + "\"tags\":{\"nofailover\":false,\"zone\":\"a\"}}";
        assertThat(codec.isSignificantMemberChange(running, running.replace("\"xlog_location\":1", "\"xlog_location\":2")))
                .as("a new WAL position").isFalse();
        assertThat(codec.isSignificantMemberChange(running, running.replace("{\"nofailover\":false,\"zone\":\"a\"}",
                "{\"zone\":\"a\",\"nofailover\":false}"))).as("tags in another order").isFalse();
        assertThat(codec.isSignificantMemberChange(running, running.replace("replica", "master")))
                .as("the role alone").isFalse();
        assertThat(codec.isSignificantMemberChange(running, running.replace("running", "stopped"))).isTrue();
        assertThat(codec.isSignificantMemberChange(running.replace("running", "starting"),
                running.replace("running", "stopping"))).as("neither state is running").isFalse();
        assertThat(codec.isSignificantMemberChange(running, running.replace("\"zone\":\"a\"", "\"zone\":\"b\"")))
                .isTrue();
        assertThat(codec.isSignificantMemberChange(running, running.replace("3.0.2", "3.0.3"))).isTrue();
        assertThat(codec.isSignificantMemberChange(running, running.replace("}}", "},\"checkpoint_after_promote\":false}")))
                .isTrue();
        assertThat(codec.isSignificantMemberChange("not json", running)).isTrue();
    }

    private KeyValue kv(String rel, String value) {
        return new KeyValue(keys.key(rel), value, 1, 1, 1, OptionalLong.empty());
    }
}
