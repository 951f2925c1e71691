package io.jpatroni.daemon.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.daemon.fake.FakePostgres;
import io.jpatroni.daemon.loop.AsyncTaskRunner;
import io.jpatroni.daemon.loop.RestartSchedule;
import io.jpatroni.daemon.publish.MemberData;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.LeaderStatus;
import io.jpatroni.dcs.kv.MutableClock;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.restapi.mgmt.ManagementApi.FailoverRequest;
import io.jpatroni.restapi.mgmt.ManagementApi.Kind;
import io.jpatroni.restapi.mgmt.ManagementApi.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Patroni's validations and answers of the management API, on an in-memory DCS with node1 leading. */
class ManagementServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore(clock);
    private final Dcs node1 = DcsFactory.inMemory(store, "/service/", "demo", "node1", 30);
    private final Dcs node2 = DcsFactory.inMemory(store, "/service/", "demo", "node2", 30);
    private final List<String> journal = new ArrayList<>();
    private final FakePostgres postgres = new FakePostgres("node1", journal);
    private final AsyncTaskRunner tasks = new AsyncTaskRunner(Runnable::run, clock, () -> { });
    private Runnable onWakeUp = () -> { };
    private Runnable pauseBetweenPolls = () -> { };
    private ManagementService api;

    @BeforeEach
    void cluster() {
        postgres.bootstrap();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("ttl", 30);
        config.put("loop_wait", 10);
        config.put("postgresql", Map.of("parameters", Map.of("max_connections", 100)));
        node1.setConfig(config, OptionalLong.empty());
        member(node1, "running");
        member(node2, "running");
        assertThat(node1.attemptToAcquireLeader()).isTrue();
        Restarts restarts = new Restarts(postgres, tasks, new RestartSchedule(), clock, () -> Duration.ofSeconds(5));
        api = new ManagementService(node1, "node1", postgres, tasks, restarts, () -> Duration.ofSeconds(1),
                () -> onWakeUp.run(), () -> journal.add("reload"), clock)
                .pauseBetweenPolls(() -> pauseBetweenPolls.run());
        journal.clear();
    }

    private static void member(Dcs dcs, String state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conn_url", "postgres://127.0.0.1:5432/postgres");
        m.put("api_url", "http://127.0.0.1:8008/patroni");
        m.put("state", state);
        m.put("role", "replica");
        m.put("version", MemberData.PATRONI_VERSION);
        dcs.touchMember(m);
    }

    private Reply switchover(String leader, String candidate, String at) {
        return api.failover(new FailoverRequest(Kind.SWITCHOVER, Optional.ofNullable(leader),
                Optional.ofNullable(candidate), Optional.ofNullable(at)));
    }

    @Test
    void switchoverRefusalsAsPatroni() {
        assertThat(switchover(null, "node2", null)).isEqualTo(Reply.text(400,
                "Switchover could be performed only from a specific leader"));
        assertThat(api.failover(new FailoverRequest(Kind.FAILOVER, Optional.empty(), Optional.empty(),
                Optional.empty()))).isEqualTo(Reply.text(400, "Failover could be performed only to a specific candidate"));
        assertThat(switchover("node2", "node1", null)).isEqualTo(Reply.text(412, "leader name does not match"));
        assertThat(switchover("node1", "node9", null)).isEqualTo(Reply.text(412, "candidate does not exists"));
        member(node2, "stopped");
        assertThat(switchover("node1", "node2", null)).isEqualTo(Reply.text(412,
                "switchover is not possible: no good candidates have been found"));
        assertThat(switchover("node1", "node2", "2026-11-22T05:00:00")).isEqualTo(Reply.text(400,
                "Timezone information is mandatory for the scheduled switchover"));
        assertThat(switchover("node1", "node2", "2026-11-22T02:00:00+00:00")).isEqualTo(Reply.text(422,
                "Cannot schedule switchover in the past"));
        assertThat(switchover("node1", "node2", "tomorrow")).isEqualTo(Reply.text(422,
                "Unable to parse scheduled timestamp. It should be in an unambiguous format, e.g. ISO 8601"));
    }

    @Test
    void scheduledSwitchoverIsWrittenAndCancelled() {
        assertThat(switchover("node1", "node2", "2026-11-22T05:00:00+00:00"))
                .isEqualTo(Reply.text(202, "Switchover scheduled"));
        assertThat(node1.load().failover()).hasValueSatisfying(f -> {
            assertThat(f.leader()).contains("node1");
            assertThat(f.candidate()).contains("node2");
            assertThat(f.scheduledAt()).isPresent();
        });

        assertThat(api.cancelScheduledSwitchover()).isEqualTo(Reply.text(200, "scheduled switchover deleted"));
        assertThat(api.cancelScheduledSwitchover()).isEqualTo(Reply.text(404, "no switchover is scheduled"));
    }

    @Test
    void immediateSwitchoverWaitsForTheNewLeader() {
        onWakeUp = () -> {
            node1.deleteLeader(OptionalLong.empty());
            node2.attemptToAcquireLeader();
        };

        assertThat(switchover("node1", "node2", null)).isEqualTo(Reply.text(200,
                "Successfully switched over to \"node2\""));
    }

    @Test
    void switchoverFailsWhenTheLeaderCleansTheKeyUp() {
        AtomicInteger polls = new AtomicInteger();
        pauseBetweenPolls = () -> {
            // the first look saw the key; the leader cleans it up before the second
            if (polls.incrementAndGet() == 2) {
                node1.setFailover(Failover.cleared(), OptionalLong.empty());
            }
        };

        assertThat(switchover("node1", "node2", null)).isEqualTo(Reply.text(503, "Switchover failed"));
    }

    /**
     * ZooKeeper's cluster read is not one snapshot: it can see the old leader's key released and the failover key
     * already cleared by the new leader, before it sees the new leader's key. No leader at all is not a failure: the
     * poll goes on until it sees who leads (ZooKeeperClusterIT answered 503 "Switchover failed" to a switchover that
     * had worked).
     */
    @Test
    void theKeyGoneWhileNobodyHoldsTheLock_isNotAFailure_thePollWaitsForTheNewLeader() {
        AtomicInteger polls = new AtomicInteger();
        pauseBetweenPolls = () -> {
            switch (polls.incrementAndGet()) {
                case 2 -> {   // the old leader let go, and the read misses the new one's key
                    node1.deleteLeader(OptionalLong.empty());
                    node1.setFailover(Failover.cleared(), OptionalLong.empty());
                }
                case 4 -> node2.attemptToAcquireLeader();
                default -> { }
            }
        };

        assertThat(switchover("node1", "node2", null)).isEqualTo(Reply.text(200,
                "Successfully switched over to \"node2\""));
    }

    @Test
    void inPauseOnlyToANamedCandidate() {
        api.patchConfig(Map.of("pause", true));

        assertThat(switchover("node1", null, null)).isEqualTo(Reply.text(400,
                "Switchover is possible only to a specific candidate in a paused state"));
        assertThat(switchover("node1", "node2", "2026-11-22T05:00:00+00:00")).isEqualTo(Reply.text(400,
                "Can't schedule switchover in the paused state"));
        assertThat(api.restart(Map.of("schedule", "2026-11-22T05:00:00+00:00")))
                .isEqualTo(Reply.text(500, "Can't schedule restart in the paused state"));
    }

    @Test
    void patchMergesAndNullDeletes() {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("ttl", null);
        patch.put("postgresql", Map.of("parameters", Map.of("work_mem", "8MB")));

        Reply r = api.patchConfig(patch);

        // the DCS value compact, the answer json.dumps-spaced, as Patroni's do_PATCH_config writes them
        assertThat(r).isEqualTo(Reply.json(200,
                "{\"loop_wait\": 10, \"postgresql\": {\"parameters\": {\"max_connections\": 100, \"work_mem\": \"8MB\"}}}"));
        assertThat(node1.load().config().orElseThrow().rawJson()).isEqualTo(
                "{\"loop_wait\":10,\"postgresql\":{\"parameters\":{\"max_connections\":100,\"work_mem\":\"8MB\"}}}");
    }

    /** The bytes a real Patroni 3.0.2 answered and wrote for a PATCH with non-ASCII text and a float. */
    @Test
    void patchAnswersAndWritesAsPatroni() throws Exception {
        node1.setConfig(json(resource("dcs_config_bootstrap.value")), OptionalLong.empty());
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("postgresql", Map.of("parameters", Map.of("log_line_prefix", "%m Zürich ☃ ")));
        patch.put("x_ratio", 0.5);

        Reply r = api.patchConfig(patch);

        assertThat(r).isEqualTo(Reply.json(200, resource("PATCH_config.body")));
        assertThat(node1.load().config().orElseThrow().rawJson()).isEqualTo(resource("dcs_config_after_patch.value"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(text, Map.class);
    }

    private String resource(String name) throws Exception {
        try (var in = getClass().getResourceAsStream("/patroni-3.0.2/non-ascii/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Regression: the management API used to read with the loop's {@code load()}, which starts a cycle, so a REST
     * request between two lock calls of one cycle let the lease be refreshed twice and a stuck loop keep the lock
     * beyond ttl. It reads with {@code ClusterStore.read()} now.
     */
    @Test
    void restRequestsDoNotStartTheLoopsCycle() throws Exception {
        node1.load();                                                 // the loop's cycle starts
        assertThat(node1.updateLeader(LeaderStatus.of(1))).isTrue();  // its one lease refresh: 30 s from now
        clock.advance(Duration.ofSeconds(29));
        Reply patched = CompletableFuture.supplyAsync(() -> api.patchConfig(Map.of("loop_wait", 5))).get();
        assertThat(patched.status()).isEqualTo(200);
        assertThat(node1.updateLeader(LeaderStatus.of(2))).isTrue();  // same cycle: no second refresh
        clock.advance(Duration.ofSeconds(1));
        store.expireLeases();
        assertThat(node2.attemptToAcquireLeader()).as("node1's lease expired ttl after its last cycle").isTrue();
    }

    @Test
    void putReplaces() {
        assertThat(api.putConfig(Map.of("ttl", 20))).isEqualTo(Reply.json(200, "{\"ttl\": 20}"));
        assertThat(node1.load().config().orElseThrow().data()).isEqualTo(Map.of("ttl", 20));
    }

    @Test
    void restartValidatesRunsAndSchedules() {
        assertThat(api.restart(Map.of("foo", 1))).isEqualTo(Reply.text(400,
                "Unknown filter for the scheduled restart: foo"));
        assertThat(api.restart(Map.of("role", "leader"))).isEqualTo(Reply.text(400,
                "PostgreSQL role should be either primary or replica"));
        assertThat(api.restart(Map.of("timeout", "-3"))).isEqualTo(Reply.text(400,
                "Timeout should be a positive number of seconds"));
        assertThat(api.restart(Map.of("role", "replica"))).isEqualTo(Reply.text(503,
                "restart conditions are not satisfied"));
        assertThat(api.restart(Map.of("restart_pending", true))).isEqualTo(Reply.text(503,
                "restart conditions are not satisfied"));

        assertThat(api.restart(Map.of("role", "primary"))).isEqualTo(Reply.text(200, "restarted successfully"));
        assertThat(journal).containsExactly("node1:restart");

        assertThat(api.restart(Map.of("schedule", "2026-11-22T05:00:00+00:00")))
                .isEqualTo(Reply.text(202, "Restart scheduled"));
        assertThat(api.restart(Map.of("schedule", "2026-11-22T06:00:00+00:00")))
                .isEqualTo(Reply.text(409, "Another restart is already scheduled"));
        assertThat(api.cancelScheduledRestart()).isEqualTo(Reply.text(200, "scheduled restart deleted"));
        assertThat(api.cancelScheduledRestart()).isEqualTo(Reply.text(404, "no restarts are scheduled"));
    }

    @Test
    void reinitializeIsForReplicasOnly() {
        assertThat(api.reinitialize(false)).isEqualTo(Reply.text(503, "I am the leader, can not reinitialize"));
        assertThat(api.reload()).isEqualTo(Reply.text(202, "reload scheduled"));
        assertThat(journal).containsExactly("reload");
    }
}
