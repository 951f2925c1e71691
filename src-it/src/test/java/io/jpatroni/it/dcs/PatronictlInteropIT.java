package io.jpatroni.it.dcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.dcs.model.TimelineHistory.HistoryLine;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.Patronictl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Real {@code patronictl} (Patroni 3.0.2) reads what jpatroni wrote, and jpatroni reads what patronictl wrote. */
class PatronictlInteropIT {
    private static final HistoryLine HISTORY = new HistoryLine(1, 67108960, "no recovery target specified",
            java.util.Optional.of("2026-11-22T01:35:24.283615+00:00"), java.util.Optional.of("node1"));
    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @Test
    void patronictlListShowsMembersRolesStatesTimelineAndTags(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Patronictl.available(), "patronictl not installed");
        List<Dcs> nodes = List.of(dcs("node1"), dcs("node2"), dcs("node3"));
        try {
            Dcs leader = nodes.get(0);
            assertThat(leader.initialize(true, "")).isTrue();
            leader.load();
            assertThat(leader.initialize(false, "7710803155684193743")).isTrue();
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("ttl", 30);
            config.put("loop_wait", 10);
            config.put("retry_timeout", 10);
            config.put("maximum_lag_on_failover", 1048576);
            assertThat(leader.setConfig(config, OptionalLong.empty())).isTrue();
            leader.setHistory(List.of(HISTORY));
            nodes.get(0).touchMember(member(5432, "running", "master", "a", 2, false));
            nodes.get(1).touchMember(member(5433, "running", "replica", "a", 2, true));
            nodes.get(2).touchMember(member(5434, "stopped", "replica", "b", 1, false));
            assertThat(leader.attemptToAcquireLeader()).isTrue();
            assertThat(leader.updateLeader(LeaderStatus.of(67109240))).isTrue();

            Patronictl ctl = Patronictl.forEtcd3(dir, "/service/", "pgdemo", ETCD.cluster().hosts());
            String table = ctl.run("list");
            assertThat(table).contains("Cluster: pgdemo");
            assertThat(row(table, "node1")).contains("127.0.0.1:5432", "Leader", "running", "zone: a");
            assertThat(row(table, "node2")).contains("127.0.0.1:5433", "Replica", "running", "nofailover: true");
            assertThat(row(table, "node3")).contains("127.0.0.1:5434", "Replica", "stopped", "zone: b");

            JsonNode json = new ObjectMapper().readTree(ctl.run("list", "-f", "json"));
            assertThat(json).hasSize(3);
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            json.forEach(n -> byName.put(n.get("Member").asText(), n));
            assertThat(byName.get("node1").get("Role").asText()).isEqualTo("Leader");
            assertThat(byName.get("node1").get("State").asText()).isEqualTo("running");
            assertThat(byName.get("node1").get("TL").asInt()).isEqualTo(2);
            assertThat(byName.get("node1").get("Host").asText()).isEqualTo("127.0.0.1:5432");
            assertThat(byName.get("node1").get("Tags").get("zone").asText()).isEqualTo("a");
            assertThat(byName.get("node2").get("Role").asText()).isEqualTo("Replica");
            assertThat(byName.get("node2").get("TL").asInt()).isEqualTo(2);
            assertThat(byName.get("node2").get("Lag in MB").asInt()).isZero();
            assertThat(byName.get("node2").get("Tags").get("nofailover").asBoolean()).isTrue();
            assertThat(byName.get("node3").get("State").asText()).isEqualTo("stopped");
            assertThat(byName.get("node3").get("TL").asInt()).isEqualTo(1);
            assertThat(byName.get("node3").get("Tags").get("zone").asText()).isEqualTo("b");
        } finally {
            nodes.get(0).deleteCluster();
            nodes.forEach(Dcs::close);
        }
    }

    @Test
    void jpatroniReadsWhatPatronictlWrites(@TempDir Path dir) {
        Assumptions.assumeTrue(Patronictl.available(), "patronictl not installed");
        List<Dcs> nodes = List.of(dcs("node1"), dcs("node2"));
        try {
            Dcs leader = nodes.get(0);
            leader.initialize(true, "7710803155684193743");
            leader.setConfig(Map.of("ttl", 30, "loop_wait", 10), OptionalLong.empty());
            leader.setHistory(List.of(HISTORY));
            nodes.get(0).touchMember(member(5432, "running", "master", "a", 2, false));
            nodes.get(1).touchMember(member(5433, "running", "replica", "a", 2, false));
            leader.attemptToAcquireLeader();
            Patronictl ctl = Patronictl.forEtcd3(dir, "/service/", "pgdemo", ETCD.cluster().hosts());

            // switchover: the REST call to the (absent) leader API fails, patronictl falls back to the failover key
            ctl.run("switchover", "--leader", "node1", "--candidate", "node2", "--force");
            Cluster c = leader.load();
            Failover f = c.failover().orElseThrow();
            assertThat(f.leader()).contains("node1");
            assertThat(f.candidate()).contains("node2");
            assertThat(f.scheduledAt()).isEmpty();
            assertThat(leader.setFailover(Failover.cleared(), OptionalLong.of(f.modRevision()))).isTrue();

            ctl.run("switchover", "--leader", "node1", "--candidate", "node2", "--scheduled", "2030-01-01T10:00+00:00", "--force");
            Failover scheduled = leader.load().failover().orElseThrow();
            assertThat(scheduled.scheduledAt()).contains(OffsetDateTime.parse("2030-01-01T10:00:00+00:00"));
            assertThat(ctl.run("list")).contains("Switchover scheduled at: 2030-01-01T10:00:00+00:00");

            // and the other way round: a scheduled switchover encoded by jpatroni, shown by patronictl
            Failover ours = Failover.of(java.util.Optional.of("node1"), java.util.Optional.of("node2"),
                    java.util.Optional.of(OffsetDateTime.parse("2031-02-03T04:05:06+00:00")));
            assertThat(leader.setFailover(ours, OptionalLong.of(scheduled.modRevision()))).isTrue();
            assertThat(ctl.run("list")).contains("Switchover scheduled at: 2031-02-03T04:05:06+00:00");

            // edit-config: compare-and-set by patronictl; our stale revision now loses
            long before = leader.load().config().orElseThrow().modRevision();
            ctl.run("edit-config", "--set", "ttl=20", "--force");
            ClusterConfig cfg = leader.load().config().orElseThrow();
            assertThat(cfg.data()).containsEntry("ttl", 20).containsEntry("loop_wait", 10);
            assertThat(leader.setConfig(Map.of("ttl", 99), OptionalLong.of(before))).isFalse();

            // history written by jpatroni, shown by patronictl
            assertThat(ctl.run("history")).contains("no recovery target specified", "node1", "67108960");
        } finally {
            nodes.get(0).deleteCluster();
            nodes.forEach(Dcs::close);
        }
    }

    private static String row(String table, String member) {
        return table.lines().filter(l -> l.startsWith("| " + member + " ")).findFirst().orElseThrow(
                () -> new AssertionError("no row for " + member + " in\n" + table));
    }

    private static Map<String, Object> member(int port, String state, String role, String zone, int tl, boolean noFailover) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conn_url", "postgres://127.0.0.1:" + port + "/postgres");
        m.put("api_url", "http://127.0.0.1:" + io.jpatroni.it.support.FreePorts.next() + "/patroni");
        m.put("state", state);
        m.put("role", role);
        m.put("version", "3.0.2");
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("zone", zone);
        if (noFailover) {
            tags.put("nofailover", true);
        }
        m.put("tags", tags);
        if (!"stopped".equals(state)) {
            m.put("xlog_location", 67109240L);
        }
        m.put("timeline", tl);
        return m;
    }

    private static Dcs dcs(String name) {
        return DcsFactory.etcd3(Etcd3Settings.plain(ETCD.cluster().hosts()), "/service", "pgdemo", name, 30, Duration.ofSeconds(5));
    }
}
