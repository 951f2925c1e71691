package io.jpatroni.daemon.loop;

import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.daemon.model.Observation;
import io.jpatroni.dcs.model.Cluster;
import java.time.Instant;
import java.util.Optional;

/**
 * What one cycle saw and did: handed to the listeners that refresh the member key, keep the
 * leader's housekeeping keys and publish the REST snapshot.
 *
 * @param cluster     the cluster as loaded at the start of the cycle (empty: DCS unreachable)
 * @param observation the local PostgreSQL after the cycle's action
 * @param status      the status line logged
 */
public record CycleResult(Optional<Cluster> cluster, Observation observation, HaSettings settings,
                          String status, Instant at) {
}
