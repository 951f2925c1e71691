package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.model.GuardSettings;
import io.jpatroni.daemon.model.StandbyCluster;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings the decision reads, taken each cycle from the effective (DCS dynamic + local)
 * configuration and this node's tags.
 *
 * @param parameters   the effective {@code postgresql.parameters}, as PostgreSQL setting strings
 * @param failsafeMode {@code failsafe_mode}: a primary that cannot reach the DCS stays primary while every member
 *                     of the {@code failsafe} key confirms it
 * @param replicaWithoutLeader a {@code create_replica_methods} entry works without a leader ({@code no_leader}, a
 *                   command of its own): an empty node of an initialized cluster restores itself instead of waiting
 * @param sync         synchronous replication: the cluster's mode and this node's tags
 * @param standbyCluster {@code standby_cluster} when it describes one (Patroni's {@code is_standby_cluster}): the
 *                   lock holder is a standby leader following the remote host
 * @param guards       what the {@code watchdog} section switches on: the device, and when the fence is armed
 * @param cascade      this node's {@code replicatefrom} / {@code nostream} tags and {@code member_slots_ttl}
 */
public record HaSettings(
        String me,
        Duration ttl,
        Duration loopWait,
        Duration retryTimeout,
        long maximumLagOnFailover,
        Duration primaryStartTimeout,
        boolean checkTimeline,
        boolean usePgRewind,
        boolean useSlots,
        boolean noFailover,
        int failoverPriority,
        Map<String, String> parameters,
        boolean failsafeMode,
        boolean replicaWithoutLeader,
        GuardSettings guards,
        SyncSettings sync,
        Optional<StandbyCluster> standbyCluster,
        CascadeSettings cascade) {

    public HaSettings {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters)); // keeps the order
    }

    /** Without failsafe mode, a replica method that works without a leader, or guards ({@code watchdog.mode: off}). */
    public HaSettings(String me, Duration ttl, Duration loopWait, Duration retryTimeout, long maximumLagOnFailover,
                      Duration primaryStartTimeout, boolean checkTimeline, boolean usePgRewind, boolean useSlots,
                      boolean noFailover, int failoverPriority, Map<String, String> parameters) {
        this(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout, checkTimeline, usePgRewind,
                useSlots, noFailover, failoverPriority, parameters, false, false, GuardSettings.NONE,
                SyncSettings.OFF);
    }

    /** With {@code watchdog.mode: off}. */
    public HaSettings(String me, Duration ttl, Duration loopWait, Duration retryTimeout, long maximumLagOnFailover,
                      Duration primaryStartTimeout, boolean checkTimeline, boolean usePgRewind, boolean useSlots,
                      boolean noFailover, int failoverPriority, Map<String, String> parameters, boolean failsafeMode) {
        this(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout, checkTimeline, usePgRewind,
                useSlots, noFailover, failoverPriority, parameters, failsafeMode, false, GuardSettings.NONE,
                SyncSettings.OFF);
    }

    /** With {@code watchdog.mode: off}. */
    public HaSettings(String me, Duration ttl, Duration loopWait, Duration retryTimeout, long maximumLagOnFailover,
                      Duration primaryStartTimeout, boolean checkTimeline, boolean usePgRewind, boolean useSlots,
                      boolean noFailover, int failoverPriority, Map<String, String> parameters, boolean failsafeMode,
                      boolean replicaWithoutLeader) {
        this(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout, checkTimeline, usePgRewind,
                useSlots, noFailover, failoverPriority, parameters, failsafeMode, replicaWithoutLeader,
                GuardSettings.NONE, SyncSettings.OFF);
    }

    /** Not a standby cluster. */
    public HaSettings(String me, Duration ttl, Duration loopWait, Duration retryTimeout, long maximumLagOnFailover,
                      Duration primaryStartTimeout, boolean checkTimeline, boolean usePgRewind, boolean useSlots,
                      boolean noFailover, int failoverPriority, Map<String, String> parameters, boolean failsafeMode,
                      boolean replicaWithoutLeader, GuardSettings guards, SyncSettings sync) {
        this(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout, checkTimeline, usePgRewind,
                useSlots, noFailover, failoverPriority, parameters, failsafeMode, replicaWithoutLeader, guards, sync,
                Optional.empty());
    }

    /** Streaming from the leader, member slots dropped with their member. */
    public HaSettings(String me, Duration ttl, Duration loopWait, Duration retryTimeout, long maximumLagOnFailover,
                      Duration primaryStartTimeout, boolean checkTimeline, boolean usePgRewind, boolean useSlots,
                      boolean noFailover, int failoverPriority, Map<String, String> parameters, boolean failsafeMode,
                      boolean replicaWithoutLeader, GuardSettings guards, SyncSettings sync,
                      Optional<StandbyCluster> standbyCluster) {
        this(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout, checkTimeline, usePgRewind,
                useSlots, noFailover, failoverPriority, parameters, failsafeMode, replicaWithoutLeader, guards, sync,
                standbyCluster, CascadeSettings.NONE);
    }

    /** The same settings with other {@code replicatefrom} / {@code nostream} / {@code member_slots_ttl}. */
    public HaSettings withCascade(CascadeSettings other) {
        return new HaSettings(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout,
                checkTimeline, usePgRewind, useSlots, noFailover, failoverPriority, parameters, failsafeMode,
                replicaWithoutLeader, guards, sync, standbyCluster, other);
    }

    /** Whether this is a standby cluster. */
    public boolean isStandbyCluster() {
        return standbyCluster.isPresent();
    }

    /** The same settings with {@code standby_cluster} as given. */
    public HaSettings withStandbyCluster(Optional<StandbyCluster> value) {
        return new HaSettings(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout,
                checkTimeline, usePgRewind, useSlots, noFailover, failoverPriority, parameters, failsafeMode,
                replicaWithoutLeader, guards, sync, value, cascade);
    }

    /** The same settings with {@code failsafe_mode} set to {@code on}. */
    public HaSettings withFailsafeMode(boolean on) {
        return new HaSettings(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout,
                checkTimeline, usePgRewind, useSlots, noFailover, failoverPriority, parameters, on,
                replicaWithoutLeader, guards, sync, standbyCluster, cascade);
    }

    /** The same settings, with or without a replica method that works without a leader. */
    public HaSettings withReplicaWithoutLeader(boolean value) {
        return new HaSettings(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout,
                checkTimeline, usePgRewind, useSlots, noFailover, failoverPriority, parameters, failsafeMode,
                value, guards, sync, standbyCluster, cascade);
    }

    /** The same settings with other guards. */
    public HaSettings withGuards(GuardSettings other) {
        return new HaSettings(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout,
                checkTimeline, usePgRewind, useSlots, noFailover, failoverPriority, parameters, failsafeMode,
                replicaWithoutLeader, other, sync, standbyCluster, cascade);
    }

    /** These settings with {@code sync} instead. */
    public HaSettings withSync(SyncSettings other) {
        return new HaSettings(me, ttl, loopWait, retryTimeout, maximumLagOnFailover, primaryStartTimeout,
                checkTimeline, usePgRewind, useSlots, noFailover, failoverPriority, parameters, failsafeMode,
                replicaWithoutLeader, guards, other, standbyCluster, cascade);
    }
}
