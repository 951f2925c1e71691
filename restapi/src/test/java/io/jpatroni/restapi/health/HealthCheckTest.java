package io.jpatroni.restapi.health;

import static io.jpatroni.restapi.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.restapi.Fixtures;
import io.jpatroni.restapi.NodeSnapshot;
import io.jpatroni.restapi.PostgresStatus;
import io.jpatroni.restapi.Xlog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HealthCheckTest {
    private static final HealthCheck CHECK = new HealthCheck(Fixtures.CLOCK);
    private static final long MB = 1 << 20;

    record Case(String name, Endpoint endpoint, NodeSnapshot node, HealthQuery query, int expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Column order of {@link #TABLE}. */
    private static final Endpoint[] COLUMNS = {Endpoint.PRIMARY, Endpoint.LEADER, Endpoint.STANDBY_LEADER,
        Endpoint.REPLICA, Endpoint.READ_ONLY, Endpoint.SYNC, Endpoint.READ_ONLY_SYNC, Endpoint.ASYNC,
        Endpoint.QUORUM, Endpoint.READ_ONLY_QUORUM, Endpoint.HEALTH, Endpoint.LIVENESS, Endpoint.READINESS,
        Endpoint.UNKNOWN};

    private static final String TABLE = """
            situation                     PRI LDR SBL REP RO SYN ROS ASY QUO ROQ HEA LIV RDY UNK
            leader                        200 200 503 503 200 503 200 503 503 200 200 200 200 503
            replica                       503 503 503 200 200 503 503 200 503 503 200 200 200 503
            leader-lock-expired           503 503 503 503 503 503 503 503 503 503 200 200 503 503
            leader-lock-expires-now       503 503 503 503 503 503 503 503 503 503 200 200 503 503
            leader-without-lock           503 503 503 503 503 503 503 503 503 503 200 200 503 503
            leader-promoting              503 503 503 503 503 503 503 503 503 503 200 200 503 503
            leader-crashed                503 503 503 503 503 503 503 503 503 503 503 200 503 503
            replica-crashed               503 503 503 503 503 503 503 503 503 503 503 200 503 503
            replica-starting              503 503 503 503 503 503 503 503 503 503 503 200 503 503
            leader-paused-dcs-down        200 200 503 503 200 503 503 503 503 503 200 200 200 503
            leader-paused-lock-expired    503 503 503 503 503 503 503 503 503 503 200 200 503 503
            replica-noloadbalance         503 503 503 503 503 503 503 503 503 503 200 200 200 503
            replica-lagging-2MB           503 503 503 200 200 503 503 200 503 503 200 200 503 503
            replica-sync                  503 503 503 200 200 200 200 503 503 503 200 200 200 503
            replica-quorum                503 503 503 200 200 503 503 503 200 200 200 200 200 503
            replica-dcs-down              503 503 503 200 200 503 503 503 503 503 200 200 503 503
            replica-dcs-down-failsafe     503 503 503 200 200 503 503 503 503 503 200 200 200 503
            replica-archive-recovery      503 503 503 200 200 503 503 200 503 503 200 200 503 503
            standby-leader                503 200 200 503 200 503 200 503 503 200 200 200 200 503
            standby-leader-lock-expired   503 503 503 503 503 503 503 503 503 503 200 200 200 503
            initial                       503 503 503 503 503 503 503 503 503 503 503 200 503 503
            initial-after-2ttl            503 503 503 503 503 503 503 503 503 503 503 503 503 503
            leader-loop-stuck-31s         200 200 503 503 200 503 200 503 503 200 200 503 200 503
            leader-paused-loop-stuck-99s  200 200 503 503 200 503 200 503 503 200 200 200 200 503
            replica-loop-stuck-59s        503 503 503 200 200 503 503 200 503 503 200 200 200 503
            replica-loop-stuck-61s        503 503 503 200 200 503 503 200 503 503 200 503 200 503
            """;

    private static NodeSnapshot situation(String name) {
        NodeSnapshot leader = Fixtures.leader();
        NodeSnapshot replica = Fixtures.replica();
        UnaryOperator<NodeSnapshot.Builder> lagging = b -> b.clusterLeaderLsn(Fixtures.LSN + 2 * MB);
        return switch (name) {
            case "leader" -> leader;
            case "replica" -> replica;
            case "leader-lock-expired" -> leader.toBuilder().leaderLockValidUntil(NOW.minusSeconds(1)).build();
            case "leader-lock-expires-now" -> leader.toBuilder().leaderLockValidUntil(NOW).build();
            case "leader-without-lock" -> leader.toBuilder().leaderLockValidUntil(null).dcs(true, true).build();
            case "leader-promoting" -> leader.toBuilder().promotionFinished(false).build();
            case "leader-crashed" -> leader.toBuilder().state("crashed").noPostgres().build();
            case "replica-crashed" -> replica.toBuilder().state("crashed").noPostgres().build();
            case "replica-starting" -> replica.toBuilder().state("starting").noPostgres().build();
            case "leader-paused-dcs-down" -> leader.toBuilder().pause(true).dcs(false, true)
                    .leaderLockValidUntil(null).build();
            case "leader-paused-lock-expired" -> leader.toBuilder().pause(true)
                    .leaderLockValidUntil(NOW.minusSeconds(5)).build();
            case "replica-noloadbalance" -> replica.toBuilder().tags(Map.of("noloadbalance", true)).build();
            case "replica-lagging-2MB" -> lagging.apply(replica.toBuilder()).build();
            case "replica-sync" -> replica.toBuilder().syncStandby(true).build();
            case "replica-quorum" -> replica.toBuilder().quorumStandby(true).build();
            case "replica-dcs-down" -> replica.toBuilder().dcs(false, true).build();
            case "replica-dcs-down-failsafe" -> replica.toBuilder().dcs(false, true).failsafeModeIsActive(true).build();
            case "replica-archive-recovery" -> replica.toBuilder().postgres(withReplicationState(replica,
                    "in archive recovery")).build();
            case "standby-leader" -> replica.toBuilder().role(NodeSnapshot.ROLE_STANDBY_LEADER)
                    .leaderLockValidUntil(NOW.plusSeconds(10)).build();
            case "standby-leader-lock-expired" -> replica.toBuilder().role(NodeSnapshot.ROLE_STANDBY_LEADER)
                    .leaderLockValidUntil(NOW.minusMillis(1)).build();
            case "initial" -> NodeSnapshot.initial("node1", "demo", "3.0.2", NOW, Duration.ofSeconds(30));
            case "initial-after-2ttl" -> NodeSnapshot.initial("node1", "demo", "3.0.2", NOW.minusSeconds(60),
                    Duration.ofSeconds(30));
            case "leader-loop-stuck-31s" -> leader.toBuilder().lastHaLoopRun(NOW.minusSeconds(31)).build();
            case "leader-paused-loop-stuck-99s" -> leader.toBuilder().pause(true).lastHaLoopRun(NOW.minusSeconds(99))
                    .build();
            case "replica-loop-stuck-59s" -> replica.toBuilder().lastHaLoopRun(NOW.minusSeconds(59)).build();
            case "replica-loop-stuck-61s" -> replica.toBuilder().lastHaLoopRun(NOW.minusSeconds(61)).build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static Stream<Case> table() {
        List<Case> cases = new ArrayList<>();
        String[] lines = TABLE.strip().split("\n");
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            String[] cells = line.strip().split("\\s+");
            NodeSnapshot node = situation(cells[0]);
            for (int i = 0; i < COLUMNS.length; i++) {
                cases.add(new Case(cells[0] + " " + COLUMNS[i], COLUMNS[i], node, HealthQuery.NONE,
                        Integer.parseInt(cells[i + 1])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void everyEndpointInEverySituation(Case c) {
        assertThat(CHECK.statusFor(c.endpoint, c.node, c.query)).isEqualTo(c.expected);
    }

    static Stream<Case> queries() {
        NodeSnapshot leader = Fixtures.leader();
        NodeSnapshot replica = Fixtures.replica();
        NodeSnapshot lagging = replica.toBuilder().clusterLeaderLsn(Fixtures.LSN + 2 * MB).build();
        NodeSnapshot streaming = replica.toBuilder().postgres(withReplicationState(replica, "streaming")).build();
        NodeSnapshot writeAhead = replica.toBuilder().clusterLeaderLsn(Fixtures.LSN + 2 * MB)
                .postgres(PostgresStatus.replica(Fixtures.time("2026-11-22T01:34:25Z"), 150018,
                        new Xlog.Replica(Fixtures.LSN + 2 * MB, Fixtures.LSN, Optional.empty(), false), 1,
                        Optional.of("streaming"))).build();
        NodeSnapshot boolTag = replica.toBuilder().tags(Map.of("nofailover", true, "zone", "a")).build();
        return Stream.of(
                new Case("replica ?lag=0 caught up", Endpoint.REPLICA, replica, q("lag", "0"), 200),
                new Case("replica ?lag=1MB behind 2MB", Endpoint.REPLICA, lagging, q("lag", "1MB"), 503),
                new Case("replica ?lag=2MB behind 2MB", Endpoint.REPLICA, lagging, q("lag", "2MB"), 200),
                new Case("replica ?lag=2097152 behind 2MB", Endpoint.REPLICA, lagging, q("lag", "2097152"), 200),
                new Case("replica ?lag=2048kB behind 2MB", Endpoint.REPLICA, lagging, q("lag", "2048kB"), 200),
                new Case("replica ?lag=2047kB behind 2MB", Endpoint.REPLICA, lagging, q("lag", "2047kB"), 503),
                new Case("replica ?lag=1GB behind 2MB", Endpoint.REPLICA, lagging, q("lag", "1GB"), 200),
                new Case("replica ?lag=garbage is ignored", Endpoint.REPLICA, lagging, q("lag", "garbage"), 200),
                new Case("read-only ?lag=1MB behind 2MB", Endpoint.READ_ONLY, lagging, q("lag", "1MB"), 503),
                new Case("async ?lag=1MB behind 2MB", Endpoint.ASYNC, lagging, q("lag", "1MB"), 503),
                new Case("leader read-only ?lag=0", Endpoint.READ_ONLY, leader, q("lag", "0"), 200),
                new Case("leader replica ?lag=1MB", Endpoint.REPLICA, leader, q("lag", "1MB"), 503),
                new Case("replica ?tag_zone=a", Endpoint.REPLICA, replica, q("tag_zone", "a"), 200),
                new Case("replica ?tag_zone=b", Endpoint.REPLICA, replica, q("tag_zone", "b"), 503),
                new Case("replica ?tag_key=value (no such tag)", Endpoint.REPLICA, replica, q("tag_key", "value"), 503),
                new Case("replica ?tag_nofailover=true (boolean tag)", Endpoint.REPLICA, boolTag,
                        q("tag_nofailover", "true"), 200),
                new Case("replica ?tag_nofailover=True (case matters)", Endpoint.REPLICA, boolTag,
                        q("tag_nofailover", "True"), 503),
                new Case("health ?tag_zone=b on zone a", Endpoint.HEALTH, replica, q("tag_zone", "b"), 503),
                new Case("leader primary ignores ?tag_zone=a", Endpoint.PRIMARY, leader, q("tag_zone", "a"), 200),
                new Case("leader read-only ?tag_zone=a on zone b", Endpoint.READ_ONLY, leader, q("tag_zone", "a"), 503),
                new Case("replica ?replication_state=streaming while streaming", Endpoint.REPLICA, streaming,
                        q("replication_state", "streaming"), 200),
                new Case("replica ?replication_state=streaming unknown state", Endpoint.REPLICA, replica,
                        q("replication_state", "streaming"), 503),
                new Case("readiness ?lag=4MB behind 2MB", Endpoint.READINESS, lagging, q("lag", "4MB"), 200),
                new Case("readiness ?lag=1MB caught up", Endpoint.READINESS, replica, q("lag", "1MB"), 200),
                new Case("readiness apply lag 2MB", Endpoint.READINESS, writeAhead, HealthQuery.NONE, 503),
                new Case("readiness ?mode=write received all", Endpoint.READINESS, writeAhead, q("mode", "write"), 200),
                new Case("liveness ignores tags", Endpoint.LIVENESS, replica, q("tag_zone", "b"), 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void queryParameters(Case c) {
        assertThat(CHECK.statusFor(c.endpoint, c.node, c.query)).isEqualTo(c.expected);
    }

    private static HealthQuery q(String key, String value) {
        return HealthQuery.parse(Map.of(key, List.of(value)));
    }

    private static PostgresStatus withReplicationState(NodeSnapshot node, String state) {
        PostgresStatus p = node.postgres().orElseThrow();
        return new PostgresStatus(p.postmasterStartTime(), p.serverVersion(), p.xlog(), p.timeline(),
                p.replication(), Optional.of(state));
    }
}
