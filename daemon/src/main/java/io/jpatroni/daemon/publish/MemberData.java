package io.jpatroni.daemon.publish;

import io.jpatroni.daemon.loop.CycleResult;
import io.jpatroni.daemon.model.DataDir;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.daemon.model.ScheduledRestart;
import io.jpatroni.daemon.model.StandbyCluster;
import io.jpatroni.pycompat.PyTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The value of {@code members/<name>} as Patroni 3.0.2 writes it:
 * {@code {"conn_url":…,"api_url":…,"state":…,"role":…,"version":…,"tags":{…},"xlog_location":…,"timeline":…}}.
 * Role words are 3.0.2's ({@code master} for a primary), which Patroni 4 also reads.
 */
public final class MemberData {
    /** The Patroni version jpatroni reports, so that Patroni peers and patronictl treat it as a peer. */
    public static final String PATRONI_VERSION = "3.0.2";

    private MemberData() {
    }

    /**
     * @param connUrl  {@code postgres://host:port/postgres} from postgresql.connect_address
     * @param apiUrl   {@code http(s)://host:port/patroni} from restapi.connect_address
     * @param tags     the node's tags, false-valued standard tags already left out
     */
    public static Map<String, Object> of(String connUrl, String apiUrl, Observation obs, Map<String, Object> tags,
                                         Optional<String> stateOverride) {
        return of(connUrl, apiUrl, obs, tags, stateOverride, false);
    }

    /** @param standbyLeader this node is a standby cluster's standby leader (role {@code standby_leader}) */
    public static Map<String, Object> of(String connUrl, String apiUrl, Observation obs, Map<String, Object> tags,
                                         Optional<String> stateOverride, boolean standbyLeader) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conn_url", connUrl);
        data.put("api_url", apiUrl);
        data.put("state", stateOverride.orElse(state(obs)));
        data.put("role", role(obs, standbyLeader));
        data.put("version", PATRONI_VERSION);
        if (!tags.isEmpty()) {
            data.put("tags", tags);
        }
        if (obs.isRunning()) {
            data.put("xlog_location", obs.walPosition());
            data.put("timeline", obs.timeline());
        }
        if (obs.pendingRestart()) {
            data.put("pending_restart", true);
        }
        return data;
    }

    /** Patroni's state words for the postmaster. */
    public static String state(Observation obs) {
        return obs.process().word();
    }

    /** {@code master} for a running primary, {@code replica} otherwise, {@code uninitialized} without data. */
    public static String role(Observation obs) {
        if (obs.dataDir() != DataDir.PRESENT) {
            return "uninitialized";
        }
        return obs.isRunning() && !obs.inRecovery() ? "master" : "replica";
    }

    /** As {@link #role(Observation)}, but {@code standby_leader} for the replica that is the standby leader. */
    public static String role(Observation obs, boolean standbyLeader) {
        String role = role(obs);
        return standbyLeader && "replica".equals(role) ? "standby_leader" : role;
    }

    /**
     * Whether the cycle's node is a standby cluster's standby leader: the cluster is one, we held the lock as the
     * cycle loaded it, and PostgreSQL follows the remote host.
     */
    public static boolean isStandbyLeader(CycleResult r) {
        return r.settings().isStandbyCluster()
                && r.cluster().flatMap(c -> c.leaderName()).filter(r.settings().me()::equals).isPresent()
                && r.observation().following().filter(StandbyCluster.REMOTE_MEMBER::equals).isPresent();
    }

    /** The member key's {@code scheduled_restart}: the request's filters, its time and the postmaster's start time. */
    public static Map<String, Object> scheduledRestart(ScheduledRestart s) {
        Map<String, Object> m = new LinkedHashMap<>(s.filters());
        m.put("schedule", PyTime.isoformat(s.at()));
        s.postmasterStart().ifPresent(t -> m.put("postmaster_start_time", PyTime.isoformat(t)));
        return m;
    }
}
