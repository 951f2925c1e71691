package io.jpatroni.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.pycompat.PyTime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Our bodies are byte-identical to Patroni 3.0.2's for the same situation (the metrics: with 4.x's additions). */
class JsonBodiesTest {

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void leaderStatusMatchesCapture() {
        assertThat(text(JsonBodies.status(Fixtures.leader()))).isEqualTo(Fixtures.capturedBody("leader/GET_patroni.http"));
    }

    @Test
    void replicaStatusMatchesCapture() {
        assertThat(text(JsonBodies.status(Fixtures.replica())))
                .isEqualTo(Fixtures.capturedBody("replica/GET_patroni.http"));
    }

    @Test
    void clusterMatchesCapture() {
        assertThat(text(JsonBodies.cluster(Fixtures.cluster()))).isEqualTo(Fixtures.capturedBody("leader/GET_cluster.http"));
    }

    @Test
    void configIsReRenderedLikePatroni() {
        assertThat(JsonBodies.config(Fixtures.CONFIG).map(JsonBodiesTest::text))
                .contains(Fixtures.capturedBody("leader/GET_config.http"));
        assertThat(JsonBodies.config("not json")).isEmpty();
    }

    @Test
    void historyMatchesCapture() {
        List<HistoryRow> rows = List.of(
                row(1, 67108960, "2026-11-22T01:35:24.283615+00:00", "node2"),
                row(2, 67109536, "2026-11-22T01:35:41.795615+00:00", "node1"),
                row(3, 67110112, "2026-11-22T01:36:01.659615+00:00", "node2"));
        assertThat(text(JsonBodies.history(rows))).isEqualTo(Fixtures.capturedBody("after_events/GET_history.http"));
        assertThat(text(JsonBodies.history(List.of()))).isEqualTo("[]");
    }

    /**
     * Patroni 3.0.2's capture, with exactly the differences {@link MetricsText} documents: 4.x's {@code name} label,
     * 4.x's help lines, 4.x's metrics inserted where 4.x writes them, and the four positions declared gauges.
     */
    @Test
    void metricsAreTheCaptureWithPatroni4sAdditions() {
        NodeSnapshot leader = Fixtures.leader().toBuilder().dcsLastSeen(1795311291).build();
        assertThat(MetricsText.render(leader))
                .isEqualTo(withPatroni4(Fixtures.capturedBody("leader/GET_metrics.http"), "node3"));
        assertThat(MetricsText.render(Fixtures.replica()))
                .isEqualTo(withPatroni4(Fixtures.capturedBody("replica/GET_metrics.http"), "node1"));
    }

    private static String withPatroni4(String captured, String name) {
        String labels = "{scope=\"demo\",name=\"" + name + "\"}";
        String out = captured.replace("{scope=\"demo\"}", labels);
        for (String position : List.of("patroni_xlog_location", "patroni_xlog_received_location",
                "patroni_xlog_replayed_location", "patroni_postgres_timeline")) {
            out = replaceOnce(out, "# TYPE " + position + " counter\n", "# TYPE " + position + " gauge\n");
        }
        out = replaceOnce(out, "sync standby replica, 0 otherwise.", "sync standby, 0 otherwise.");
        out = replaceOnce(out, "# HELP patroni_failsafe_mode_is_active Value is 1 if the cluster is unlocked, 0 if locked.",
                "# HELP patroni_failsafe_mode_is_active Value is 1 if failsafe mode is active, 0 if inactive.");
        out = replaceOnce(out, "# HELP patroni_xlog_received_location", "# HELP patroni_quorum_standby Value is 1 if "
                + "this node is a quorum standby, 0 otherwise.\n# TYPE patroni_quorum_standby gauge\n"
                + "patroni_quorum_standby" + labels + " 0\n# HELP patroni_xlog_received_location");
        out = replaceOnce(out, "# HELP patroni_postgres_server_version", "# HELP patroni_postgres_streaming Value is 1 "
                + "if Postgres is streaming, 0 otherwise.\n# TYPE patroni_postgres_streaming gauge\n"
                + "patroni_postgres_streaming" + labels + " 0\n"
                + "# HELP patroni_postgres_in_archive_recovery Value is 1 if Postgres is replicating from archive, "
                + "0 otherwise.\n# TYPE patroni_postgres_in_archive_recovery gauge\n"
                + "patroni_postgres_in_archive_recovery" + labels + " 0\n# HELP patroni_postgres_server_version");
        return out + "# HELP patroni_postgres_state Numeric representation of Postgres state.\n"
                + "# Values: 0=initdb, 1=initdb_failed, 2=custom_bootstrap, 3=custom_bootstrap_failed, "
                + "4=creating_replica, 5=running, 6=starting, 7=bootstrap_starting, 8=start_failed, 9=restarting, "
                + "10=restart_failed, 11=stopping, 12=stopped, 13=stop_failed, 14=crashed\n"
                + "# TYPE patroni_postgres_state gauge\npatroni_postgres_state" + labels + " 5\n";
    }

    private static String replaceOnce(String text, String what, String with) {
        assertThat(text).containsOnlyOnce(what);
        return text.replace(what, with);
    }

    @Test
    void metricsOfAStreamedReplicaAndOfAStoppedNode() {
        NodeSnapshot streaming = Fixtures.replica().toBuilder()
                .postgres(PostgresStatus.replica(Fixtures.time("2026-11-22T01:34:25.327319Z"), 150018,
                        new Xlog.Replica(5, 4, Optional.empty(), true), 3, Optional.of("streaming")))
                .quorumStandby(true).build();
        assertThat(MetricsText.render(streaming)).contains(
                "patroni_postgres_streaming{scope=\"demo\",name=\"node1\"} 1\n",
                "patroni_postgres_in_archive_recovery{scope=\"demo\",name=\"node1\"} 0\n",
                "patroni_quorum_standby{scope=\"demo\",name=\"node1\"} 1\n",
                "patroni_xlog_paused{scope=\"demo\",name=\"node1\"} 1\n",
                "patroni_xlog_received_location{scope=\"demo\",name=\"node1\"} 5\n",
                "patroni_postgres_timeline{scope=\"demo\",name=\"node1\"} 3\n");
        NodeSnapshot archive = streaming.toBuilder()
                .postgres(PostgresStatus.replica(Fixtures.time("2026-11-22T01:34:25.327319Z"), 150018,
                        new Xlog.Replica(5, 4, Optional.empty(), false), 3, Optional.of("in archive recovery")))
                .build();
        assertThat(MetricsText.render(archive)).contains(
                "patroni_postgres_streaming{scope=\"demo\",name=\"node1\"} 0\n",
                "patroni_postgres_in_archive_recovery{scope=\"demo\",name=\"node1\"} 1\n");

        // Patroni 4.x writes the replication metrics only for a server it could ask its version (9.6+)
        NodeSnapshot stopped = Fixtures.replica().toBuilder().state("stopped").noPostgres().build();
        String text = MetricsText.render(stopped);
        assertThat(text).doesNotContain("patroni_postgres_streaming", "patroni_postgres_in_archive_recovery")
                .contains("patroni_postgres_running{scope=\"demo\",name=\"node1\"} 0\n",
                        "patroni_postgres_server_version {scope=\"demo\",name=\"node1\"} 0\n",
                        "patroni_postgres_state{scope=\"demo\",name=\"node1\"} 12\n");
        assertThat(MetricsText.render(stopped.toBuilder().state("creating replica").build()))
                .contains("patroni_postgres_state{scope=\"demo\",name=\"node1\"} 4\n");
        assertThat(MetricsText.render(stopped.toBuilder().state("no such state").build()))
                .contains("patroni_postgres_state{scope=\"demo\",name=\"node1\"} -1\n");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(MetricsText.labels("a\"b", "c\\d\ne")).isEqualTo("scope=\"a\\\"b\",name=\"c\\\\d\\ne\"");
    }

    @Test
    void stoppedPostgresShowsStateAndRoleOnly() {
        NodeSnapshot crashed = Fixtures.replica().toBuilder().state("crashed").noPostgres().dcs(true, true)
                .pause(true).pendingRestart(true, java.util.Map.of()).build();
        assertThat(text(JsonBodies.status(crashed))).isEqualTo("{\"state\": \"crashed\", \"role\": \"replica\", "
                + "\"pause\": true, \"cluster_unlocked\": true, \"dcs_last_seen\": 1795311291, "
                + "\"tags\": {\"zone\": \"a\"}, \"database_system_identifier\": \"7710803155684193743\", "
                + "\"pending_restart\": true, \"patroni\": {\"version\": \"3.0.2\", \"scope\": \"demo\"}}");
    }

    /** Tags with non-ASCII text, escapes, floats and a huge integer, as a real Patroni 3.0.2 answered them. */
    @Test
    void nonAsciiTagsAndConfigAsPatroniAnswersThem() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> member = new ObjectMapper().readValue(
                Fixtures.resource("/patroni-3.0.2/non-ascii/dcs_member_node1.value"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> tags = (Map<String, Object>) member.get("tags");
        assertThat(tags).containsEntry("city", "Zürich");
        NodeSnapshot leader = NodeSnapshot.builder("node1", "uni", "3.0.2")
                .state(NodeSnapshot.STATE_RUNNING).role(NodeSnapshot.ROLE_PRIMARY).dcs(true, false).dcsLastSeen(1795691471)
                .postgres(PostgresStatus.primary(Fixtures.time("2026-11-26T11:10:50.313254Z"), 150018, 22028440, 1,
                        List.of()))
                .tags(tags).databaseSystemIdentifier("7712436047514910429").build();
        assertThat(text(JsonBodies.status(leader)))
                .isEqualTo(Fixtures.resource("/patroni-3.0.2/non-ascii/GET_patroni.body"));

        ClusterBody cluster = new ClusterBody(List.of(ClusterBody.MemberBody.of("node1", "leader", "running",
                "http://127.0.0.1:28708/patroni", "127.0.0.1", 25732, 1, tags, OptionalLong.empty())), false,
                Optional.empty());
        assertThat(text(JsonBodies.cluster(cluster)))
                .isEqualTo(Fixtures.resource("/patroni-3.0.2/non-ascii/GET_cluster.body"));

        assertThat(JsonBodies.config(Fixtures.resource("/patroni-3.0.2/non-ascii/dcs_config_bootstrap.value"))
                .map(JsonBodiesTest::text)).contains(Fixtures.resource("/patroni-3.0.2/non-ascii/GET_config.body"));
    }

    @Test
    void pythonTimeFormat() {
        assertThat(PyTime.str(Fixtures.time("2026-11-22T01:34:22.761039Z")))
                .isEqualTo("2026-11-22 01:34:22.761039+00:00");
        assertThat(PyTime.str(Fixtures.time("2026-11-22T01:34:22+02:00")))
                .isEqualTo("2026-11-22 01:34:22+02:00");
        assertThat(MetricsText.epoch(Fixtures.time("1970-01-01T00:00:10Z"))).isEqualTo("10.0");
    }

    private static HistoryRow row(long tl, long lsn, String ts, String leader) {
        return new HistoryRow(tl, lsn, "no recovery target specified", Optional.of(ts), Optional.of(leader));
    }
}
