package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.model.BootInstant;
import io.jpatroni.daemon.model.DemoteMode;
import io.jpatroni.daemon.model.MemberTarget;
import io.jpatroni.daemon.model.ScheduledRestart;
import io.jpatroni.daemon.model.SlotPlan;
import io.jpatroni.daemon.model.SlotSpec;
import io.jpatroni.daemon.model.SyncObservation;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the HA loop does this cycle. Actions that can lose a race against other nodes
 * ({@link AcquireLock}, {@link UpdateLock}, {@link RaceInitialize}) carry both continuations,
 * so the decision stays pure and the executor only picks one after the DCS answered.
 */
public sealed interface Action {

    /** Nothing to do but refresh our member key. */
    record NoAction() implements Action {
    }

    /** Create the leader key (create-if-absent). */
    record AcquireLock(Decision onWin, Decision onLose) implements Action {
    }

    /** Refresh the leader key we hold (compare-and-set on its value), writing {@code status}. */
    record UpdateLock(Decision onSuccess, Decision onFailure) implements Action {
    }

    /** Delete the leader key if it is still ours. */
    record ReleaseLock() implements Action {
    }

    /** Race for the {@code initialize} key; the winner bootstraps a new cluster. */
    record RaceInitialize(Decision onWin, Decision onLose) implements Action {
    }

    /** Run initdb and the bootstrap steps in the background. */
    record Bootstrap() implements Action {
    }

    /** Finish a successful bootstrap: take the lock, write initialize/config, run post_bootstrap. */
    record CompleteBootstrap() implements Action {
    }

    /**
     * A bootstrap failed (its data directory is already moved aside to {@code <data_dir>.failed}): delete the
     * initialize key so that another node can bootstrap, then stop this daemon with a fatal error, as Patroni
     * does; the service manager restarts it with its own back-off.
     */
    record CancelBootstrap() implements Action {
    }

    /**
     * Set the {@code initialize} key to the local data's system identifier ({@code create}: only if absent),
     * as Patroni does for a leader whose key is missing and for existing data joining an uninitialized cluster.
     */
    record WriteInitialize(boolean create, String sysid) implements Action {
    }

    /**
     * A custom bootstrap's PostgreSQL runs as a primary: create the roles, run post_bootstrap, put the configured
     * access and configuration back, in the background.
     */
    record PostBootstrap() implements Action {
    }

    /**
     * No leader runs but a replica method works without one ({@code no_leader}): create the data directory with it
     * (a restore from a backup) and start as a replica of nobody, in the background.
     */
    record CloneWithoutLeader() implements Action {
    }

    /**
     * Create this replica's data directory from a running member, in the background, then start it following
     * {@code follow} (Patroni's {@code clone}: {@code follow(_get_node_to_follow(cluster))}; nobody with nostream).
     */
    record CloneFrom(String member, Optional<String> follow) implements Action {
        /** Cloned from {@code member} and following it. */
        public CloneFrom(String member) {
            this(member, Optional.of(member));
        }
    }

    /** Promote the local PostgreSQL to primary. */
    record Promote() implements Action {
    }

    /** Stop being a primary. */
    record Demote(DemoteMode mode) implements Action {
    }

    /**
     * Run as a replica of {@code leader} (or of nobody while the cluster has no leader):
     * start PostgreSQL if it is stopped, rewrite primary_conninfo when the leader changed.
     */
    record Follow(Optional<String> leader) implements Action {
    }

    /**
     * Standby cluster: run as a replica of the remote host {@code remote} (start PostgreSQL if it is stopped, rewrite
     * the recovery settings when they changed), as its {@code standby_leader} when we hold the lock, as a plain
     * replica of it when the standby cluster has no leader.
     */
    record FollowRemote(io.jpatroni.daemon.model.StandbyCluster remote, boolean standbyLeader) implements Action {
    }

    /**
     * Standby cluster without data: create the standby leader from the remote host (its create_replica_methods)
     * and start it following the remote, in the background; its outcome ends like a bootstrap's.
     */
    record BootstrapStandbyLeader(io.jpatroni.daemon.model.StandbyCluster remote) implements Action {
    }

    /** Start PostgreSQL read-only while holding the lock; the next cycle promotes. */
    record StartAsReadOnlyLeader() implements Action {
    }

    /** pg_rewind onto the leader's timeline, in the background. */
    record Rewind(String leader) implements Action {
    }

    /** Remove the data directory and clone again from the leader, in the background. */
    record Reinitialize(String leader) implements Action {
    }

    /** Several actions in order (e.g. release the lock, then follow). */
    record Sequence(List<Action> steps) implements Action {
        public Sequence {
            steps = List.copyOf(steps);
        }
    }

    /**
     * Empty the {@code failover} key (Patroni leaves {@code {}}), or leave only {@code candidate} in it; with
     * {@code ifVersion}, only if the key still has that mod revision (a request written since is not wiped).
     */
    record ClearFailover(Optional<String> candidate, String logLine, OptionalLong ifVersion) implements Action {
        public ClearFailover(Optional<String> candidate, String logLine) {
            this(candidate, logLine, OptionalLong.empty());
        }

        public static ClearFailover empty() {
            return new ClearFailover(Optional.empty(), "");
        }

        /** The leader's clean-up of the request it read (Patroni passes the key's index): compare-and-set. */
        public static ClearFailover ifUnchanged(long modRevision) {
            return new ClearFailover(Optional.empty(), "", OptionalLong.of(modRevision));
        }

        /** The new leader's clean-up, logged as Patroni does. */
        public static ClearFailover afterAcquiringLock() {
            return new ClearFailover(Optional.empty(), "Cleaning up failover key after acquiring leader lock...");
        }
    }

    /** Sleep until {@code at} (a scheduled switchover due within this loop_wait). */
    record WaitUntil(Instant at) implements Action {
    }

    // ---- the watchdog device and the fence (GuardRules) ----

    /**
     * Patroni's {@code watchdog.activate()} before this node acts as the primary: open the device with its timeout,
     * and arm the fence when {@code armFence} (else keep it disarmed). {@code onRefused} when {@code mode: required}
     * cannot be met: this node must not lead.
     */
    record ActivateGuards(boolean armFence, Decision onActive, Decision onRefused) implements Action {
    }

    /**
     * After a successful lock write: keep the device alive, and move the fence's deadline to {@code renewedAt}
     * (empty: the start of this cycle's lock write) plus its timeout when {@code armFence}, else disarm it. A
     * primary kept by failsafe mode passes the start of the members' confirmation as {@code renewedAt}.
     */
    record KeepaliveGuards(boolean armFence, Optional<BootInstant> renewedAt) implements Action {
        public static KeepaliveGuards afterLockWrite(boolean armFence) {
            return new KeepaliveGuards(armFence, Optional.empty());
        }
    }

    /** Stop both countdowns (the device's magic close, the fence disarmed): demotion, pause, PostgreSQL stopped. */
    record DisableGuards() implements Action {
    }

    /** Log {@code line} at ERROR (a refusal Patroni logs as an error before acting on it). */
    record ReportError(String line) implements Action {
    }

    // ---- upkeep: decided after the cycle's action, on what it left ----

    /** Give the running PostgreSQL the effective {@code postgresql.parameters} (rewrite the files, reload). */
    record ApplyParameters(Map<String, String> parameters) implements Action {
        public ApplyParameters {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /** The scheduled restart is due: forget it and restart PostgreSQL in the background. */
    record RestartOnSchedule(ScheduledRestart restart) implements Action {
    }

    /** Forget the scheduled restart without running it (stale, already restarted, conditions not met). */
    record DropScheduledRestart(ScheduledRestart restart) implements Action {
    }

    /** Write the {@code config} key from the dynamic configuration in force (the leader found none). */
    record WriteConfigKey() implements Action {
    }

    /** Write the {@code history} key from the timeline history file of {@code timeline} (after a promotion). */
    record UpdateHistory(long timeline) implements Action {
    }

    /**
     * Carry out the slot plan: drop (inactive slots only), create, advance; then manage the plan's wanted slots and,
     * on a primary, publish its permanent slots' positions with the next lock renewal.
     */
    record KeepSlots(SlotPlan plan) implements Action {
    }

    /**
     * Copy the permanent logical slots {@code slots} from the primary {@code leader} to this replica: read their state
     * files there, stop PostgreSQL here, install them, start again (in the background, as Patroni's
     * {@code copy_logical_slots}).
     */
    record CopyLogicalSlots(MemberTarget leader, Map<String, SlotSpec> slots) implements Action {
        public CopyLogicalSlots {
            slots = Collections.unmodifiableMap(new java.util.TreeMap<>(slots));
        }
    }

    // ---- synchronous replication ----

    /**
     * Set {@code synchronous_standby_names} on the primary ({@code names} may be just {@code *}; kind OFF: unset it),
     * logging {@code logLine} when not empty.
     */
    record SetSynchronousStandbyNames(SyncObservation.Kind kind, int num, Set<String> names, String logLine)
            implements Action {
        public SetSynchronousStandbyNames {
            names = Set.copyOf(names);
        }
    }

    /** Synchronous mode was turned off: {@code synchronous_standby_names} is the configured parameter's again. */
    record ReleaseSynchronousStandbyNames() implements Action {
    }

    /**
     * Write the {@code sync} key {@code {"leader":leader,"sync_standby":"a,b"[,"quorum":q]}} only if it still has
     * {@code revision} (none: whatever it holds); on success log {@code logLine} and carry out {@code then}, otherwise
     * log that somebody else updated it and stop there.
     */
    record WriteSyncKey(String leader, Set<String> standbys, OptionalInt quorum, OptionalLong revision,
                        String logLine, Action then) implements Action {
        public WriteSyncKey {
            standbys = Set.copyOf(standbys);
        }
    }

    /** Delete the {@code sync} key if it still has {@code revision}; on success log it and carry out {@code then}. */
    record DeleteSyncKey(OptionalLong revision, Action then) implements Action {
    }

    /**
     * Before promoting in synchronous mode (Patroni's {@code enforce_primary_role}): claim the {@code sync} key with
     * no synchronous standby, compare-and-set on {@code revision}; set {@code synchronous_standby_names} to {@code *}
     * when {@code strict} (else unset it); then carry out {@code then}. When the key changed meanwhile, postpone.
     */
    record ClaimSyncBeforePromotion(String leader, OptionalLong revision, boolean strict, boolean quorum,
                                    Action then) implements Action {
    }

    /**
     * Failsafe mode: the DCS is unreachable and every member of the {@code failsafe} key confirmed this primary in a
     * round of {@code POST /failsafe} that started at {@code roundStartedAt}: the leadership is extended by failsafe
     * until {@code until} ({@code roundStartedAt + ttl}), never beyond. It counts as a lock renewal: the REST API
     * answers as the primary until then, and a fence or watchdog fed on lock renewals is fed with this deadline.
     */
    record ExtendLeadershipByFailsafe(Instant roundStartedAt, Instant until) implements Action {
    }

    /** Set the {@code failsafe} key to {@code members} ({@code {name: api_url}}, this node included). */
    record WriteFailsafe(Map<String, String> members) implements Action {
        public WriteFailsafe {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }
    }

    /** Delete the {@code failsafe} key (failsafe mode was turned off). */
    record DeleteFailsafe() implements Action {
    }

    /** Unrecoverable: log and exit non-zero. */
    record Fatal(String reason) implements Action {
    }

    static Action sequence(Action... steps) {
        return new Sequence(List.of(steps));
    }
}
