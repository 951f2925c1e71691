package io.jpatroni.daemon.rest;

import io.jpatroni.daemon.loop.Failsafe;
import io.jpatroni.daemon.model.FailsafePing;
import io.jpatroni.restapi.NodeSnapshot;
import io.jpatroni.restapi.NodeStatusSource;
import io.jpatroni.restapi.Xlog;
import io.jpatroni.restapi.mgmt.FailsafeApi;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * This node's answer to a primary's {@code POST /failsafe} (Patroni's {@code update_failsafe}): a node running as the
 * primary refuses ({@code 500 Running as a leader}); any other remembers the primary as alive, for the loop to read,
 * and accepts ({@code 200 Accepted}) with its received/replayed LSN in the {@code lsn} header, as Patroni 4 does.
 * What this node runs as is read from the last published snapshot: no request touches PostgreSQL.
 */
public final class FailsafeEndpoint implements FailsafeApi {
    static final String ACCEPTED = "Accepted";
    static final String RUNNING_AS_LEADER = "Running as a leader";

    private final Failsafe failsafe;
    private final BooleanSupplier failsafeMode;
    private final NodeStatusSource snapshot;
    private final Clock clock;

    /** @param failsafeMode {@code failsafe_mode} in the settings in force */
    public FailsafeEndpoint(Failsafe failsafe, BooleanSupplier failsafeMode, NodeStatusSource snapshot, Clock clock) {
        this.failsafe = failsafe;
        this.failsafeMode = failsafeMode;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return failsafeMode.getAsBoolean();
    }

    @Override
    public Answer post(Map<String, Object> request) {
        NodeSnapshot me = snapshot.current();
        if (me.isRunning() && NodeSnapshot.ROLE_PRIMARY.equals(me.role())) {
            return new Answer(500, RUNNING_AS_LEADER, Map.of());
        }
        Object name = request.get("name");
        Object connUrl = request.get("conn_url");
        Object apiUrl = request.get("api_url");
        if (!(name instanceof String n) || !(connUrl instanceof String c) || !(apiUrl instanceof String a)) {
            return new Answer(400, "name, conn_url and api_url are required", Map.of());
        }
        failsafe.pinged(new FailsafePing(n, c, a, clock.instant()));
        return me.postgres().filter(p -> p.xlog() instanceof Xlog.Replica)
                .map(p -> (Xlog.Replica) p.xlog())
                .map(x -> new Answer(200, ACCEPTED, Map.of("lsn",
                        String.valueOf(Math.max(x.receivedLocation(), x.replayedLocation())))))
                .orElseGet(() -> new Answer(200, ACCEPTED, Map.of()));
    }
}
