package io.jpatroni.daemon.publish;

import io.jpatroni.daemon.loop.Leadership;
import io.jpatroni.daemon.loop.CycleHooks;
import io.jpatroni.daemon.loop.CycleResult;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.publish.MemberData;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.rest.SnapshotPublisher;
import io.jpatroni.daemon.settings.SettingsResolver;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.model.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.jpatroni.daemon.decision.rules.MemberSlots;

/**
 * The daemon's side of each cycle: settings in force (applying a changed ttl / retry_timeout to the
 * DCS client), then the member key, the leader's housekeeping (a replica's: its slots), the dynamic.json cache
 * and the REST snapshot.
 */
public final class CyclePublisher implements CycleHooks {
    private static final Logger log = LoggerFactory.getLogger(CyclePublisher.class);

    private final SettingsResolver resolver;
    private final Dcs dcs;
    private final ManagedPostgres postgres;
    private final Leadership leadership;
    private final LeaderHousekeeping housekeeping;
    private final SnapshotPublisher snapshot;
    private final String connUrl;
    private final String apiUrl;
    private Duration ttl = Duration.ZERO;
    private Duration retryTimeout = Duration.ZERO;
    private volatile Map<String, String> appliedParameters;
    private volatile io.jpatroni.daemon.mgmt.Restarts restarts;

    public CyclePublisher(SettingsResolver resolver, Dcs dcs, ManagedPostgres postgres, Leadership leadership,
                          LeaderHousekeeping housekeeping, SnapshotPublisher snapshot, String connUrl,
                          String apiUrl) {
        this.resolver = resolver;
        this.dcs = dcs;
        this.postgres = postgres;
        this.leadership = leadership;
        this.housekeeping = housekeeping;
        this.snapshot = snapshot;
        this.connUrl = connUrl;
        this.apiUrl = apiUrl;
        this.appliedParameters = io.jpatroni.daemon.postgres.PostgresSetup.parameters(resolver.effective());
    }

    /** Scheduled restarts: published in the member key and started when due. */
    public CyclePublisher withRestarts(io.jpatroni.daemon.mgmt.Restarts restarts) {
        this.restarts = restarts;
        return this;
    }

    /**
     * {@code postgresql.parameters} changed in the DCS (or the file, on reload): rewrite the configuration and
     * reload PostgreSQL; those that need a restart show as {@code pending_restart}.
     */
    private boolean applyChangedParameters(CycleResult r) {
        Map<String, String> wanted = io.jpatroni.daemon.postgres.PostgresSetup.parameters(resolver.effective());
        if (wanted.equals(appliedParameters) || !r.observation().isRunning()) {
            return false;
        }
        try {
            postgres.applyParameters(wanted);
            appliedParameters = wanted;
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not apply the new PostgreSQL parameters: {}", e.getMessage());
            return false;
        }
    }

    /** After SIGHUP or POST /reload applied the file's parameters themselves. */
    public void parametersApplied(Map<String, String> parameters) {
        appliedParameters = parameters;
    }

    @Override
    public HaSettings settings(Optional<Cluster> cluster) {
        HaSettings s = resolver.settings(cluster);
        if (!s.ttl().equals(ttl)) {
            dcs.setTtl((int) s.ttl().toSeconds());
            ttl = s.ttl();
        }
        if (!s.retryTimeout().equals(retryTimeout)) {
            dcs.setRetryTimeout(s.retryTimeout());
            retryTimeout = s.retryTimeout();
        }
        return s;
    }

    @Override
    public void memberMissing(Cluster cluster, CycleResult r) {
        try {
            dcs.touchMember(memberValue(r.observation(), resolver.local().tags().published(),
                    postgres.stateWord(r.observation())));
        } catch (DcsUnavailableException e) {
            log.warn("DCS is not accessible: {}", e.getMessage());
        }
    }

    @Override
    public void cycleDone(CycleResult r) {
        Map<String, Object> tags = resolver.local().tags().published();
        if (r.cluster().isPresent() && applyChangedParameters(r)) {
            r = new CycleResult(r.cluster(), postgres.observe(), r.settings(), r.status(), r.at());
        }
        var scheduler = restarts;
        if (scheduler != null) {
            scheduler.tick(r.settings().loopWait());
        }
        String state = postgres.stateWord(r.observation());
        if (r.cluster().isPresent()) {
            try {
                dcs.touchMember(memberValue(r.observation(), tags, state));
                if (leadership.holdsValidLock()) {
                    housekeeping.run(r.cluster().get(), r.observation(), resolver.effective().useSlots());
                } else {
                    MemberSlots.onReplica(r.cluster().get(), dcs.memberName(), r.observation(),
                            resolver.effective().useSlots()).ifPresent(postgres::syncReplicationSlots);
                }
                resolver.cacheInDataDirectory(Path.of(resolver.local().postgresql().dataDir()));
            } catch (DcsUnavailableException e) {
                log.warn("DCS is not accessible: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Housekeeping after the cycle failed: {}", e.getMessage());
            }
        }
        snapshot.publish(r, tags, state);
    }

    /** This member's key: Patroni's member JSON plus a scheduled restart when one is pending. */
    private Map<String, Object> memberValue(Observation observation, Map<String, Object> tags, String state) {
        Map<String, Object> member = MemberData.of(connUrl, apiUrl, observation, tags, Optional.of(state));
        var scheduler = restarts;
        if (scheduler != null) {
            scheduler.memberValue().ifPresent(v -> member.put("scheduled_restart", v));
        }
        return member;
    }
}
