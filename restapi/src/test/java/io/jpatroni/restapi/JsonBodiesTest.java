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

/** Our bodies are byte-identical to Patroni 3.0.2's for the same situation. */
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

    @Test
    void metricsMatchCapture() {
        NodeSnapshot leader = Fixtures.leader().toBuilder().dcsLastSeen(1795311291).build();
        assertThat(MetricsText.render(leader)).isEqualTo(Fixtures.capturedBody("leader/GET_metrics.http"));
        assertThat(MetricsText.render(Fixtures.replica())).isEqualTo(Fixtures.capturedBody("replica/GET_metrics.http"));
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
