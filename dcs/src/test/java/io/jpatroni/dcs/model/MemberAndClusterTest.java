package io.jpatroni.dcs.model;

import io.jpatroni.dcs.kv.Keys;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class MemberAndClusterTest {

    @Test
    void typedAccessorsAreTolerant() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("conn_url", "postgres://db.example:6543/postgres");
        d.put("state", "streaming");
        d.put("xlog_location", "123");
        d.put("timeline", "x");
        d.put("pending_restart", true);
        d.put("tags", Map.of("nofailover", "true", "nosync", true, "clonefrom", 1,
                "replicatefrom", "node1", "failover_priority", 5, "nostream", false));
        d.put("scheduled_restart", Map.of("schedule", "2026-11-22T03:00:00+00:00"));
        d.put("api_url", null);
        Member m = new Member("n", 7, OptionalLong.empty(), d);
        assertThat(m.host()).contains("db.example");
        assertThat(m.port()).hasValue(6543);
        assertThat(m.isRunning()).isFalse();
        assertThat(m.xlogLocation()).hasValue(123);
        assertThat(m.timeline()).isEmpty();
        assertThat(m.apiUrl()).isEmpty();
        assertThat(m.noFailover()).isTrue();
        assertThat(m.failoverPriority()).isZero();
        assertThat(m.noSync()).isTrue();
        assertThat(m.cloneFrom()).isTrue();
        assertThat(m.noStream()).isFalse();
        assertThat(m.replicateFrom()).contains("node1");
        assertThat(m.pendingRestart()).isTrue();
        assertThat(m.scheduledRestart().orElseThrow()).containsKey("schedule");
        assertThat(m.data().keySet()).containsExactly("conn_url", "state", "xlog_location", "timeline",
                "pending_restart", "tags", "scheduled_restart", "api_url");

        Member empty = new Member("e", 1, OptionalLong.empty(), Map.of("conn_url", "not a url at all"));
        assertThat(empty.host()).isEmpty();
        assertThat(empty.port()).isEmpty();
        assertThat(empty.tags()).isEmpty();
        assertThat(empty.failoverPriority()).isEqualTo(1);
        assertThat(new Member("d", 1, OptionalLong.empty(), Map.of("conn_url", "postgres://h/db")).port()).hasValue(5432);
    }

    @Test
    void clusterHelpers() {
        Member a = new Member("a", 1, OptionalLong.of(9), Map.of("role", "master"));
        Cluster c = new Cluster(Optional.of(""), Optional.of(new ClusterConfig(1, "{\"pause\":true}", Map.of("pause", true))),
                Optional.of(new Leader(3, "a", Optional.of(a))), new Status(77, Map.of(), List.of()), List.of(a),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(c.isUnlocked()).isFalse();
        assertThat(c.leaderName()).contains("a");
        assertThat(c.hasMember("a")).isTrue();
        assertThat(c.member("b")).isEmpty();
        assertThat(c.lastLsn()).isEqualTo(77);
        assertThat(c.isInitialized()).isTrue();
        assertThat(c.isPaused()).isTrue();
        assertThat(c.timeline()).isZero();
        assertThat(Cluster.empty().isUnlocked()).isTrue();
    }

    @Test
    void keyLayout() {
        assertThat(Keys.of("/service/", "demo").prefix()).isEqualTo("/service/demo/");
        assertThat(Keys.of("service", "demo").key("leader")).isEqualTo("/service/demo/leader");
        assertThat(Keys.of("/service", "demo").member("node1")).isEqualTo("/service/demo/members/node1");
        assertThat(Keys.of("/", "demo").prefix()).isEqualTo("/demo/");
    }
}
