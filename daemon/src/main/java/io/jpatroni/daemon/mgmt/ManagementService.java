package io.jpatroni.daemon.mgmt;

import io.jpatroni.daemon.loop.AsyncTaskRunner;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.TaskKind;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Failover;
import io.jpatroni.pycompat.PyJson;
import io.jpatroni.restapi.mgmt.ManagementApi;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's side of the management API, with Patroni's validations and answers. It only writes DCS keys
 * (failover, config) and wakes the HA loop up, which makes the decisions; restart and reinitialize run as the
 * loop's background tasks.
 */
public final class ManagementService implements ManagementApi {
    private static final Logger log = LoggerFactory.getLogger(ManagementService.class);

    private final ClusterStore dcs;
    private final String memberName;
    private final ManagedPostgres postgres;
    private final AsyncTaskRunner tasks;
    private final Restarts restarts;
    private final Supplier<Duration> loopWait;
    private final Runnable wakeUp;
    private final Runnable reload;
    private final Clock clock;
    private Runnable pauseBetweenPolls = () -> sleep(Duration.ofMillis(100));

    /**
     * @param dcs        the cluster as the REST threads may read and change it (never the loop's session: a read
     *                   here must not start the loop's cycle)
     * @param memberName this member's name
     */
    public ManagementService(ClusterStore dcs, String memberName, ManagedPostgres postgres, AsyncTaskRunner tasks,
                             Restarts restarts, Supplier<Duration> loopWait, Runnable wakeUp, Runnable reload,
                             Clock clock) {
        this.dcs = dcs;
        this.memberName = memberName;
        this.postgres = postgres;
        this.tasks = tasks;
        this.restarts = restarts;
        this.loopWait = loopWait;
        this.wakeUp = wakeUp;
        this.reload = reload;
        this.clock = clock;
    }

    /** What waits between two looks at the cluster while a switchover's outcome is awaited (100 ms by default). */
    ManagementService pauseBetweenPolls(Runnable pause) {
        this.pauseBetweenPolls = pause;
        return this;
    }

    @Override
    public Reply failover(FailoverRequest r) {
        Cluster cluster;
        try {
            cluster = dcs.read();
        } catch (DcsUnavailableException e) {
            return Reply.text(503, "failed to write " + r.kind().word() + " key into DCS");
        }
        Kind kind = r.kind();
        Optional<OffsetDateTime> scheduledAt = Optional.empty();
        if (kind == Kind.FAILOVER && r.candidate().isEmpty()) {
            return Reply.text(400, "Failover could be performed only to a specific candidate");
        }
        if (kind == Kind.SWITCHOVER && r.leader().isEmpty()) {
            return Reply.text(400, "Switchover could be performed only from a specific leader");
        }
        if (r.scheduledAt().isPresent()) {
            if (cluster.isPaused()) {
                return Reply.text(400, "Can't schedule " + kind.word() + " in the paused state");
            }
            Schedules.Parsed p = Schedules.parse(r.scheduledAt().get(), kind.word(), clock.instant());
            if (!p.ok()) {
                return Reply.text(p.errorStatus(), p.error());
            }
            scheduledAt = Optional.of(p.at());
        }
        if (cluster.isPaused() && r.candidate().isEmpty()) {
            return Reply.text(400, kind.title() + " is possible only to a specific candidate in a paused state");
        }
        if (scheduledAt.isEmpty()) {
            Optional<String> refusal = FailoverChecks.refusal(cluster, r.leader(), r.candidate(), kind.word());
            if (refusal.isPresent()) {
                return Reply.text(412, refusal.get());
            }
        }
        Failover value = Failover.of(r.leader(), r.candidate(), scheduledAt);
        if (!write(() -> dcs.setFailover(value, OptionalLong.empty()))) {
            return Reply.text(503, "failed to write " + kind.word() + " key into DCS");
        }
        wakeUp.run();
        if (scheduledAt.isPresent()) {
            return Reply.text(202, kind.title() + " scheduled");
        }
        return poll(cluster.leaderName(), r.candidate(), kind);
    }

    /** Patroni's {@code poll_failover_result}: wait for a new leader, or for the key to vanish (failed). */
    private Reply poll(Optional<String> oldLeader, Optional<String> candidate, Kind kind) {
        long timeout = Math.max(10, loopWait.get().toSeconds()) * 2;
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        boolean seenKey = false;
        String verb = kind == Kind.SWITCHOVER ? "switch" : "fail";
        while (System.nanoTime() < deadline) {
            pauseBetweenPolls.run();
            try {
                Cluster c = dcs.read();
                Optional<String> leader = c.leaderName();
                if (leader.isPresent() && !leader.equals(oldLeader)) {
                    if (candidate.isEmpty() || candidate.equals(leader)) {
                        return Reply.text(200, "Successfully " + verb + "ed over to \"" + leader.get() + "\"");
                    }
                    String title = kind == Kind.SWITCHOVER ? "Switch" : "Fail";
                    return Reply.text(200, title + "ed over to \"" + leader.get() + "\" instead of \""
                            + candidate.get() + "\"");
                }
                boolean active = c.failover().filter(FailoverChecks::isActive).isPresent();
                if (active) {
                    seenKey = true;
                } else if (seenKey && leader.isPresent()) {
                    // the old leader kept the lock and cleared the key. Without any leader the read may be one
                    // that is not a snapshot (ZooKeeper's): the new leader clears the key after taking the lock
                    return Reply.text(503, kind.title() + " failed");
                }
            } catch (DcsUnavailableException e) {
                log.debug("polling {} result: {}", kind.word(), e.getMessage());
            }
        }
        return Reply.text(503, kind.title() + " status unknown");
    }

    @Override
    public Reply cancelScheduledSwitchover() {
        Optional<Failover> failover = dcs.read().failover();
        if (failover.isPresent() && failover.get().scheduledAt().isPresent()) {
            if (!write(() -> dcs.setFailover(Failover.cleared(), OptionalLong.of(failover.get().modRevision())))) {
                return Reply.error(409);
            }
            return Reply.text(200, "scheduled switchover deleted");
        }
        return Reply.text(404, "no switchover is scheduled");
    }

    @Override
    public Reply restart(Map<String, Object> request) {
        Restarts.Outcome outcome = restarts.request(request, dcs.read().isPaused());
        if (outcome.result() == Restarts.Outcome.Result.SCHEDULED) {
            wakeUp.run(); // publish scheduled_restart in the member key now, as Patroni's touch_member
        }
        return Reply.text(status(outcome.result()), outcome.message());
    }

    /** The status code Patroni's {@code do_POST_restart} answers each outcome with. */
    private static int status(Restarts.Outcome.Result result) {
        return switch (result) {
            case RESTARTED -> 200;
            case SCHEDULED -> 202;
            case INVALID -> 400;
            case ALREADY_SCHEDULED -> 409;
            case UNUSABLE_SCHEDULE -> 422;
            case PAUSED -> 500;
            case NOT_RESTARTED -> 503;
        };
    }

    @Override
    public Reply cancelScheduledRestart() {
        if (restarts.cancelScheduled()) {
            wakeUp.run();
            return Reply.text(200, "scheduled restart deleted");
        }
        return Reply.text(404, "no restarts are scheduled");
    }

    @Override
    public Reply reload() {
        reload.run();
        return Reply.text(202, "reload scheduled");
    }

    @Override
    public Reply reinitialize(boolean force) {
        Cluster cluster = dcs.read();
        if (cluster.isUnlocked()) {
            return Reply.text(503, "Cluster has no leader, can not reinitialize");
        }
        String leader = cluster.leaderName().get();
        if (leader.equals(memberName)) {
            return Reply.text(503, "I am the leader, can not reinitialize");
        }
        Optional<MemberTarget> source = cluster.member(leader).flatMap(MemberTarget::of);
        if (source.isEmpty()) {
            return Reply.text(503, "Cluster has no leader, can not reinitialize");
        }
        if (force && tasks.running().isPresent()) {
            postgres.cancelLongOperation();
            awaitNoTask(Duration.ofSeconds(10));
        }
        boolean started = tasks.start(TaskKind.REINITIALIZE, "reinitialize", () -> {
            postgres.reinitialize(source.get());
            postgres.startAsReplica(source);
        });
        if (!started) {
            return Reply.text(503, tasks.running().map(t -> t.words()).orElse("reinitialize")
                    + " already in progress");
        }
        wakeUp.run();
        return Reply.text(200, "reinitialize started");
    }

    @Override
    public Reply patchConfig(Map<String, Object> patch) {
        Cluster cluster = dcs.read();
        if (cluster.config().isEmpty()) {
            return Reply.error(503);
        }
        Map<String, Object> data = new LinkedHashMap<>(cluster.config().get().data());
        if (ConfigPatch.apply(data, patch)) {
            long rev = cluster.config().get().modRevision();
            if (!write(() -> dcs.setConfig(data, OptionalLong.of(rev)))) {
                return Reply.error(409);
            }
        }
        wakeUp.run();
        return Reply.json(200, PyJson.dumps(data));
    }

    @Override
    public Reply putConfig(Map<String, Object> config) {
        Cluster cluster = dcs.read();
        boolean same = cluster.config().map(c -> c.data().equals(config)).orElse(false);
        if (!same && !write(() -> dcs.setConfig(config, OptionalLong.empty()))) {
            return Reply.error(502);
        }
        wakeUp.run();
        return Reply.json(200, PyJson.dumps(config));
    }

    private void awaitNoTask(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (tasks.running().isPresent() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
    }

    private static boolean write(BooleanSupplier call) {
        try {
            return call.getAsBoolean();
        } catch (DcsUnavailableException e) {
            log.warn("DCS is not accessible: {}", e.getMessage());
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
