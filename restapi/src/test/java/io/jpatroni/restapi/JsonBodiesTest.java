package io.jpatroni.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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

    @Test
    void pythonTimeFormat() {
        assertThat(JsonBodies.pythonTime(Fixtures.time("2026-11-22T01:34:22.761039Z")))
                .isEqualTo("2026-11-22 01:34:22.761039+00:00");
        assertThat(JsonBodies.pythonTime(Fixtures.time("2026-11-22T01:34:22+02:00")))
                .isEqualTo("2026-11-22 01:34:22+02:00");
        assertThat(MetricsText.epoch(Fixtures.time("1970-01-01T00:00:10Z"))).isEqualTo("10.0");
    }

    private static HistoryRow row(long tl, long lsn, String ts, String leader) {
        return new HistoryRow(tl, lsn, "no recovery target specified", Optional.of(ts), Optional.of(leader));
    }
}
