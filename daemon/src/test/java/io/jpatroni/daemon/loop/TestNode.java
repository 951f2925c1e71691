package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.decision.PeerStatus;
import io.jpatroni.daemon.fake.FakePostgres;
import io.jpatroni.daemon.model.FailsafePing;
import io.jpatroni.daemon.model.FailsafeRound;
import io.jpatroni.daemon.model.FencePolicy;
import io.jpatroni.daemon.model.GuardSettings;
import io.jpatroni.daemon.publish.MemberData;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.kv.MutableClock;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One node of an in-process cluster: real HaLoop and executor, in-memory DCS, fake PostgreSQL, peers answered from their fakes. */
final class TestNode {
    static final String API_URL = "http://127.0.0.1:8008/patroni";
    static final String CONN_URL = "postgres://127.0.0.1:5432/postgres";
    final String name;
    final FakePostgres postgres;
    final Dcs dcs;
    final Leadership leadership;
    final HaLoop loop;
    final List<String> statuses = new ArrayList<>();
    /** What each cycle told its {@link LoopMetrics}: the row and the action's kind. */
    final List<String> cycles = new ArrayList<>();
    final RestartSchedule restarts;
    final ActionExecutor executor;
    /** Where background tasks run: at once by default; a test may hold them back to look between cycles. */
    volatile java.util.concurrent.Executor taskExecutor = Runnable::run;
    final RecordingGuards guards;
    final Failsafe failsafe = new Failsafe(API_URL);
    /** Runs in each cycle after the load, before the decision (a DCS that dies in the middle of the cycle). */
    volatile Runnable afterLoad = () -> { };
    /** Runs when the cycle publishes, before the member key is written (a DCS that dies after the lock write). */
    volatile Runnable beforePublish = () -> { };
    /** The settings every cycle reads: tests may change them between cycles. */
    volatile HaSettings settings;

    TestNode(String name, InMemoryKeyValueStore store, MutableClock clock, List<String> journal,
             Map<String, TestNode> cluster) {
        this.name = name;
        this.postgres = new FakePostgres(name, journal);
        this.dcs = DcsFactory.inMemory(store, "/service/", "demo", name, 30);
        this.leadership = new Leadership(clock);
        this.settings = new HaSettings(name, Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 1_048_576, Duration.ofSeconds(300), false, true, false, false, 0, Map.of());
        AsyncTaskRunner tasks = new AsyncTaskRunner(r -> taskExecutor.execute(r), clock, () -> { });
        this.restarts = new RestartSchedule();
        this.guards = new RecordingGuards(name, journal);
        this.executor = new ActionExecutor(dcs, postgres, tasks, leadership, restarts,
                () -> Map.of("ttl", 30, "loop_wait", 10, "retry_timeout", 10), clock, failsafe, guards);
        PeerProbe peers = members -> {
            Map<String, PeerStatus> out = new HashMap<>();
            for (Member m : members) {
                TestNode peer = cluster.get(m.name());
                if (peer == null || !peer.postgres.observe().isRunning()) {
                    out.put(m.name(), PeerStatus.unreachable());
                } else {
                    out.put(m.name(), new PeerStatus(true, peer.postgres.isPrimary(),
                            peer.postgres.observe().walPosition(), false, 0));
                }
            }
            return out;
        };
        // POST /failsafe to the other nodes' fakes: gone from the map is unreachable, a primary refuses
        FailsafePeers failsafePeers = members -> {
            Map<String, FailsafeRound.Answer> out = new LinkedHashMap<>();
            for (String m : members.keySet()) {
                TestNode peer = cluster.get(m);
                if (peer == null || peer.postgres.isPrimary()) {
                    out.put(m, FailsafeRound.Answer.refused());
                } else {
                    peer.failsafe.pinged(new FailsafePing(name, CONN_URL, API_URL, clock.instant()));
                    out.put(m, new FailsafeRound.Answer(true,
                            OptionalLong.of(peer.postgres.observe().walPosition())));
                }
            }
            return out;
        };
        Publisher publisher = new Publisher() {
            @Override
            public void memberMissing(Cluster c, CycleResult current) {
            }

            @Override
            public void publish(CycleResult r) {
                statuses.add(r.status());
                if (r.cluster().isPresent()) {
                    beforePublish.run();
                    dcs.touchMember(MemberData.of(CONN_URL, API_URL, r.observation(), Map.of(), Optional.empty()));
                }
            }
        };
        this.loop = new HaLoop(dcs, postgres, executor,
                new LocalStateAssembler(postgres, tasks, peers, leadership, restarts, clock, failsafe, failsafePeers,
                        guards),
                c -> {
                    afterLoad.run();
                    return this.settings;
                }, publisher, new LoopWakeup(), clock, failsafe, guards,
                (rule, action, took) -> cycles.add(rule + " " + action.getClass().getSimpleName()));
    }

    void useSlots() {
        HaSettings s = settings;
        settings = new HaSettings(s.me(), s.ttl(), s.loopWait(), s.retryTimeout(), s.maximumLagOnFailover(),
                s.primaryStartTimeout(), s.checkTimeline(), s.usePgRewind(), true, s.noFailover(),
                s.failoverPriority(), s.parameters());
    }

    /** Patroni's default watchdog section: the device when there is one, the fence while failover is possible. */
    void guarded() {
        settings = settings.withGuards(new GuardSettings(true, FencePolicy.WHEN_FAILOVER_POSSIBLE));
    }

    void parameters(Map<String, String> parameters) {
        HaSettings s = settings;
        settings = new HaSettings(s.me(), s.ttl(), s.loopWait(), s.retryTimeout(), s.maximumLagOnFailover(),
                s.primaryStartTimeout(), s.checkTimeline(), s.usePgRewind(), s.useSlots(), s.noFailover(),
                s.failoverPriority(), parameters);
    }

    void failsafeMode(boolean on) {
        settings = settings.withFailsafeMode(on);
    }

    String cycle() {
        loop.runCycle();
        return statuses.get(statuses.size() - 1);
    }
}
