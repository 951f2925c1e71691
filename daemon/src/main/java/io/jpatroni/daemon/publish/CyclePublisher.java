package io.jpatroni.daemon.publish;

import io.jpatroni.daemon.loop.CycleResult;
import io.jpatroni.daemon.loop.ManagedPostgres;
import io.jpatroni.daemon.loop.Publisher;
import io.jpatroni.daemon.loop.RestartSchedule;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.rest.SnapshotPublisher;
import io.jpatroni.daemon.settings.SettingsResolver;
import io.jpatroni.dcs.DcsCutShortException;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.MemberSession;
import io.jpatroni.dcs.model.Cluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the outside sees of each cycle: this member's key (with a scheduled restart while one waits), the
 * {@code patroni.dynamic.json} cache in the data directory, and the REST snapshot. Publishes only: what to do is
 * the decision's, doing it the executor's.
 */
public final class CyclePublisher implements Publisher {
    private static final Logger log = LoggerFactory.getLogger(CyclePublisher.class);

    private final SettingsResolver resolver;
    private final MemberSession session;
    private final ManagedPostgres postgres;
    private final RestartSchedule restarts;
    private final SnapshotPublisher snapshot;
    private final String connUrl;
    private final String apiUrl;

    /**
     * @param connUrl {@code postgres://host:port/postgres} from postgresql.connect_address
     * @param apiUrl  {@code http(s)://host:port/patroni} from restapi.connect_address
     */
    public CyclePublisher(SettingsResolver resolver, MemberSession session, ManagedPostgres postgres,
                          RestartSchedule restarts, SnapshotPublisher snapshot, String connUrl, String apiUrl) {
        this.resolver = resolver;
        this.session = session;
        this.postgres = postgres;
        this.restarts = restarts;
        this.snapshot = snapshot;
        this.connUrl = connUrl;
        this.apiUrl = apiUrl;
    }

    @Override
    public void memberMissing(Cluster cluster, CycleResult r) {
        try {
            session.touchMember(memberValue(r.observation(), resolver.local().tags().published(),
                    postgres.stateWord(r.observation()), MemberData.isStandbyLeader(r)));
        } catch (DcsCutShortException e) {
            throw e;
        } catch (DcsUnavailableException e) {
            log.warn("DCS is not accessible: {}", e.getMessage());
        }
    }

    @Override
    public void publish(CycleResult r) {
        Map<String, Object> tags = resolver.local().tags().published();
        String state = postgres.stateWord(r.observation());
        if (r.cluster().isPresent()) {
            try {
                session.touchMember(memberValue(r.observation(), tags, state, MemberData.isStandbyLeader(r)));
                resolver.cacheInDataDirectory(Path.of(resolver.local().postgresql().dataDir()));
            } catch (DcsCutShortException e) {
                throw e;   // the loop's budget ran out: it handles the outage in this cycle
            } catch (DcsUnavailableException e) {
                log.warn("DCS is not accessible: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Housekeeping after the cycle failed: {}", e.getMessage());
            }
        }
        snapshot.publish(r, tags, state);
    }

    /** This member's key: Patroni's member JSON plus a scheduled restart when one is pending. */
    private Map<String, Object> memberValue(Observation observation, Map<String, Object> tags, String state,
                                            boolean standbyLeader) {
        Map<String, Object> member = MemberData.of(connUrl, apiUrl, observation, tags, Optional.of(state),
                standbyLeader);
        restarts.pending().ifPresent(s -> member.put("scheduled_restart", MemberData.scheduledRestart(s)));
        return member;
    }
}
