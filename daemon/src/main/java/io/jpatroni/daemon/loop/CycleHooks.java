package io.jpatroni.daemon.loop;

import io.jpatroni.dcs.model.Cluster;
import java.util.Optional;
import io.jpatroni.daemon.decision.HaSettings;

/** The daemon's side of the loop: effective settings in, cycle results out. */
public interface CycleHooks {

    /** Settings for this cycle: DCS dynamic config (when known) merged with the local file; the last known when empty. */
    HaSettings settings(Optional<Cluster> cluster);

    /**
     * Called before the decision when the cluster has no key for this member (first start, or the lease
     * expired while the node was down): publish it now, as Patroni does, so that the leader creates this
     * member's replication slot before our PostgreSQL starts streaming.
     */
    default void memberMissing(Cluster cluster, CycleResult current) {
    }

    /** Called after every cycle: refresh the member key, leader housekeeping, publish the REST snapshot. */
    void cycleDone(CycleResult result);
}
