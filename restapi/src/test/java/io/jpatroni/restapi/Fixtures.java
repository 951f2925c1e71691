package io.jpatroni.restapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Snapshots equivalent to the captured Patroni 3.0.2 cluster (leader node3, replica node1) at {@link #NOW}. */
public final class Fixtures {
    public static final Instant NOW = Instant.parse("2026-11-22T01:34:51Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final long LSN = 67108960;
    public static final String CONFIG = "{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,"
            + "\"maximum_lag_on_failover\":1048576,\"postgresql\":{\"use_pg_rewind\":true,\"use_slots\":true,"
            + "\"parameters\":{\"max_connections\":100,\"wal_level\":\"replica\",\"hot_standby\":\"on\","
            + "\"max_wal_senders\":10,\"max_replication_slots\":10,\"wal_log_hints\":\"on\"}}}";

    private Fixtures() {
    }

    public static NodeSnapshot leader() {
        return common("node3", "b").role(NodeSnapshot.ROLE_PRIMARY).dcsLastSeen(1795311283)
                .postgres(PostgresStatus.primary(time("2026-11-22T01:34:22.761039Z"), 150018, LSN, 1, List.of(
                        new PostgresStatus.ReplicationRow("replicator", "node2", "127.0.0.1", "streaming", "async", 0),
                        new PostgresStatus.ReplicationRow("replicator", "node1", "127.0.0.1", "streaming", "async",
                                0))))
                .leaderLockValidUntil(NOW.plusSeconds(22))
                .build();
    }

    public static NodeSnapshot replica() {
        return common("node1", "a").role(NodeSnapshot.ROLE_REPLICA).dcsLastSeen(1795311291)
                .postgres(PostgresStatus.replica(time("2026-11-22T01:34:25.327319Z"), 150018,
                        new Xlog.Replica(LSN, LSN, Optional.empty(), false), 1, Optional.empty()))
                .build();
    }

    private static NodeSnapshot.Builder common(String name, String zone) {
        return NodeSnapshot.builder(name, "demo", "3.0.2")
                .state(NodeSnapshot.STATE_RUNNING)
                .tags(Map.of("zone", zone))
                .databaseSystemIdentifier("7710803155684193743")
                .dcs(true, false)
                .clusterLeaderLsn(LSN)
                .lastHaLoopRun(NOW.minusSeconds(3))
                .ttl(Duration.ofSeconds(30))
                .cluster(cluster())
                .configJson(CONFIG);
    }

    public static ClusterBody cluster() {
        return new ClusterBody(List.of(
                member("node3", "leader", 8010, 5434, "b", OptionalLong.empty()),
                member("node2", "replica", 8009, 5433, "a", OptionalLong.of(0)),
                member("node1", "replica", 8008, 5432, "a", OptionalLong.of(0))), false, Optional.empty());
    }

    private static ClusterBody.MemberBody member(String name, String role, int api, int pg, String zone,
                                                 OptionalLong lag) {
        return ClusterBody.MemberBody.of(name, role, "running", "http://127.0.0.1:" + api + "/patroni", "127.0.0.1",
                pg, 1, Map.of("zone", zone), lag);
    }

    public static OffsetDateTime time(String iso) {
        return OffsetDateTime.parse(iso);
    }

    /** The body of a captured response ({@code leader/GET_patroni.http}...). */
    public static String capturedBody(String file) {
        String all = resource("/patroni-3.0.2/" + file);
        int split = all.indexOf("\r\n\r\n");
        return all.substring(split + 4);
    }

    public static String resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
