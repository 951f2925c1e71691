package io.jpatroni.daemon.decision;

import io.jpatroni.daemon.decision.rules.BootstrapRules;
import io.jpatroni.daemon.decision.rules.DataDirRules;
import io.jpatroni.daemon.decision.rules.DcsRules;
import io.jpatroni.daemon.decision.rules.FailsafeRules;
import io.jpatroni.daemon.decision.rules.GuardRules;
import io.jpatroni.daemon.decision.rules.HousekeepingRules;
import io.jpatroni.daemon.decision.rules.SlotRules;
import io.jpatroni.daemon.decision.rules.LeaderRace;
import io.jpatroni.daemon.decision.rules.LeaderRules;
import io.jpatroni.daemon.decision.rules.ParameterRules;
import io.jpatroni.daemon.decision.rules.PauseRules;
import io.jpatroni.daemon.decision.rules.RecoveryRules;
import io.jpatroni.daemon.decision.rules.ReplicaRules;
import io.jpatroni.daemon.decision.rules.ScheduledRestartRules;
import io.jpatroni.daemon.decision.rules.StandbyRules;
import io.jpatroni.daemon.decision.rules.SyncRules;
import io.jpatroni.daemon.decision.rules.TaskRules;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * The HA decision declared as data, in the order of Patroni's {@code _run_cycle} (pg_auto_failover declares its
 * state machine the same way). Three lists:
 * <ol>
 *   <li>{@link #RULES}: the first row that answers decides the cycle's action and status line;</li>
 *   <li>{@link #STEPS}: applied in order to that decision;</li>
 *   <li>{@link #UPKEEP}: decided after the action was carried out, on what it left; every row that answers adds
 *       its action, carried out in this order.</li>
 * </ol>
 * A new concern is a new row here (and its rule class under {@code rules/}); {@code docs/decision-table.md} is
 * this class printed by a test.
 */
public final class DecisionTable {
    private DecisionTable() {
    }

    /** What a rule looks at and answers: nothing, or the cycle's decision. */
    @FunctionalInterface
    public interface RuleFunction {
        Optional<Decision> decide(ClusterView view, LocalState local);
    }

    /** A step that may change the decision a rule took. */
    @FunctionalInterface
    public interface StepFunction {
        Decision apply(ClusterView view, LocalState local, Decision decision);
    }

    /** An upkeep row: nothing, or one more action after the cycle's. */
    @FunctionalInterface
    public interface UpkeepFunction {
        Optional<Action> decide(ClusterView view, LocalState local);
    }

    /**
     * @param name    short name, used in logs, tests and the docs
     * @param patroni the branch of Patroni 3.0.2 the row mirrors (in {@code ha.py} unless another file is named)
     * @param summary when it answers and what it decides, in one sentence
     */
    public record Rule(String name, String patroni, String summary, RuleFunction function) {
    }

    /** @see Rule */
    public record Step(String name, String patroni, String summary, StepFunction function) {
    }

    /** @see Rule */
    public record Upkeep(String name, String patroni, String summary, UpkeepFunction function) {
    }

    /** First match wins; the last row always answers. */
    public static final List<Rule> RULES = List.of(
            new Rule("dcs-unreachable", "_run_cycle: DCSError -> _handle_dcs_error, check_failsafe_topology",
                    "the DCS did not answer (at the load, or at any call of the cycle's action): a running primary"
                            + " demotes (offline) unless failsafe_mode is on and every member of the failsafe key"
                            + " accepted its POST /failsafe this cycle (then its leadership is extended until the"
                            + " round's start + ttl); anyone else, and anyone in maintenance mode as last seen, waits",
                    DcsRules::unreachable),
            new Rule("task-running", "handle_long_action_in_progress, handle_starting_instance",
                    "a background task runs: the lock holder keeps its lock (a primary that does not start within"
                            + " primary_start_timeout hands over), anyone else reports progress",
                    TaskRules::whileRunning),
            new Rule("bootstrap-finished", "post_bootstrap, cancel_initialization",
                    "a bootstrap ended: take the lock and publish the cluster, or give the initialize key up and stop",
                    TaskRules::afterFinished),
            new Rule("bootstrap-recovery", "_run_cycle: state_handler.bootstrapping -> post_bootstrap",
                    "a custom bootstrap method started PostgreSQL: wait for the end of its recovery, then run"
                            + " post_bootstrap; PostgreSQL gone: give the initialize key up and stop",
                    BootstrapRules::afterMethod),
            new Rule("data-directory", "_run_cycle: data directory empty or not accessible; check if we are allowed"
                    + " to join",
                    "no data: race to bootstrap (in a standby cluster: clone the remote host as the standby"
                            + " leader), clone from a member or (no_leader) restore without one, or release"
                            + " the lock; data of another cluster,"
                            + " without a valid system ID, or a replica first: refuse",
                    DataDirRules::decide),
            new Rule("paused", "the is_paused() branches of _run_cycle, recover, process_(un)healthy_cluster",
                    "maintenance mode: the lock follows what PostgreSQL is, nothing is started, promoted or demoted"
                            + " but for a switchover to a named candidate",
                    when((view, local) -> view.cluster().isPaused(), PauseRules::decide)),
            new Rule("postgres-not-running", "_run_cycle: not is_healthy() -> recover",
                    "PostgreSQL is down: the lock holder starts it read-only (or hands over at once with"
                            + " primary_start_timeout 0), a replica rewinds, re-clones or starts as a secondary;"
                            + " in a standby cluster the lock holder starts as the standby leader and, without a"
                            + " leader, everyone follows the remote host",
                    RecoveryRules::decide),
            new Rule("leader-race", "process_unhealthy_cluster, is_healthiest_node,"
                    + " manual_failover_process_no_leader",
                    "no leader: the healthiest allowed member (or the named candidate) races for the lock, the others"
                            + " follow or stand back; with failsafe_mode only a member of the failsafe key may race;"
                            + " in a standby cluster the winner becomes the standby leader (no timeline check)",
                    when((view, local) -> view.isUnlocked(), LeaderRace::decide)),
            new Rule("standby-leader", "process_healthy_cluster: has_lock and is_standby_cluster ->"
                    + " process_manual_failover_from_leader, enforce_follow_remote_member, _get_node_to_follow ->"
                    + " get_remote_member",
                    "we hold the lock of a standby cluster: renew it and follow the remote host as its standby"
                            + " leader (primary_conninfo, primary_slot_name, restore_command and"
                            + " recovery_min_apply_delay from standby_cluster); a primary is stopped to become one;"
                            + " a switchover demotes it gracefully and the candidate becomes the standby leader",
                    when((view, local) -> view.holdsLock() && StandbyRules.applies(view), StandbyRules::leader)),
            new Rule("leader", "process_healthy_cluster: has_lock -> update_lock, process_manual_failover_from_leader,"
                    + " enforce_primary_role",
                    "we hold the lock: renew it and be the primary, demote gracefully for a switchover, demote at once"
                            + " when the renewal fails",
                    when((view, local) -> view.holdsLock(), LeaderRules::decide)),
            new Rule("standby-replica", "process_healthy_cluster: not has_lock and is_standby_cluster -> follow",
                    "another member holds the lock of a standby cluster: follow that standby leader (with the"
                            + " section's restore_command); a primary is demoted at once",
                    when((view, local) -> StandbyRules.applies(view), StandbyRules::replica)),
            new Rule("replica", "process_healthy_cluster: not has_lock -> follow, _get_node_to_follow",
                    "another member holds the lock: follow it, or the replicatefrom member while that one runs and can"
                            + " feed us, or nobody with nostream (WAL from the archive); a primary without the lock"
                            + " demotes at once",
                    when((view, local) -> true, ReplicaRules::decide)));

    /** Applied in order to the decision of the rule that answered. */
    public static final List<Step> STEPS = List.of(
            new Step("pause-prefix", "run_cycle: 'PAUSE: ' + info",
                    "in maintenance mode every status line, the continuations' too, starts with PAUSE:",
                    (view, local, decision) -> view.cluster().isPaused() ? PauseRules.prefixed(decision) : decision),
            new Step("guards", "update_lock: watchdog.keepalive; enforce_primary_role, post_bootstrap: watchdog.activate;"
                    + " demote, recover, post_recover, paused cycles: watchdog.disable; is_healthiest_node: watchdog"
                    + " not healthy, pre_promote back-off",
                    "the watchdog device and the fence: kept alive after every lock update (the fence armed only"
                            + " while its policy says so), activated before leading (refused: demote, or release the"
                            + " lock), disabled after a demotion, in pause and while PostgreSQL is down; a replica with"
                            + " unusable guards, or whose pre_promote vetoed its promotion within a ttl, does not race",
                    GuardRules::apply),
            new Step("sync-before-promote", "enforce_primary_role: write_sync_state(me, None) and"
                    + " synchronous_standby_names '*' (strict) or unset, before promote",
                    "in synchronous mode a promotion first claims the sync key with no synchronous standby"
                            + " (compare-and-set; postponed when the key changed) and sets synchronous_standby_names"
                            + " to * in strict mode, else unsets it",
                    SyncRules::beforePromotion),
            new Step("initialize-key", "_run_cycle: cluster has leader key but not initialize key; dcs.initialize"
                    + " for data that is not empty",
                    "the initialize key lacks the system ID although we have data: the lock holder (or, in an unlocked"
                            + " cluster, the node adopting existing data) writes it before the action",
                    DataDirRules::withInitializeKey));

    /** After the action, on what it left; every row that answers adds its action, in this order. */
    public static final List<Upkeep> UPKEEP = List.of(
            new Upkeep("apply-parameters",
                    "__main__.py Patroni._run_cycle: reload_config after set_dynamic_configuration",
                    "the effective postgresql.parameters differ from those the running PostgreSQL was given:"
                            + " apply them (reload; those needing a restart become pending_restart)",
                    ParameterRules::decide),
            new Upkeep("scheduled-restart", "evaluate_scheduled_restart, should_run_scheduled_action",
                    "a scheduled restart is due: run it; stale (1.5 x loop_wait late), already restarted or"
                            + " conditions not met: drop it",
                    ScheduledRestartRules::decide),
            new Upkeep("config-key", "_run_cycle: set_config_value when the leader finds no config",
                    "we hold a valid lock and the config key is missing: write the dynamic configuration in force",
                    HousekeepingRules::configKey),
            new Upkeep("synchronous-replication", "process_sync_replication, postgresql/sync.py"
                    + " SyncHandler.current_state; Patroni 4 quorum.py",
                    "the leader running as primary chooses the synchronous standbys and keeps"
                            + " synchronous_standby_names and the sync key in the order that never names a standby in"
                            + " the key that PostgreSQL does not wait for; without synchronous_mode it deletes the key",
                    SyncRules::upkeep),
            new Upkeep("history-key", "update_cluster_history",
                    "we are the primary with a valid lock on a timeline the history key does not know: write it",
                    HousekeepingRules::history),
            new Upkeep("failsafe-key", "update_lock: dcs.update_leader(..., _failsafe_config()) -> write_failsafe",
                    "we hold a valid lock: with failsafe_mode, the failsafe key lists every member's api_url (ours"
                            + " included), written when it changed; without, a key left from before is deleted"
                            + " (jpatroni's: Patroni leaves it, stale)",
                    FailsafeRules::key),
            new Upkeep("leader-slots", "_sync_replication_slots (primary): SlotsHandler.sync_replication_slots",
                    "we are the primary (or a standby leader: physical slots only) with a valid lock and use_slots: one physical slot per other member streaming from it (not a nostream one, nor one a replicatefrom member feeds), a departed member's kept for member_slots_ttl"
                            + " and the permanent slots of the slots section (logical ones in their database); slots we manage"
                            + " and no longer want dropped (only inactive ones, never those matching ignore_slots, none"
                            + " in pause); the permanent slots' positions go to the status key",
                    SlotRules::onLeader),
            new Upkeep("replica-slots", "_sync_replication_slots (replica): SlotsHandler.sync_replication_slots",
                    "a running replica with use_slots, no task running: the slots of members replicating from it and"
                            + " (unless nofailover) the permanent slots, advanced to the leader's positions"
                            + " (pg_replication_slot_advance); the same drop rule",
                    SlotRules::onReplica),
            new Upkeep("copy-logical-slots", "_run_cycle: copy_logical_slots",
                    "such a replica lacks permanent logical slots the leader reports positions for: copy their"
                            + " state files from the primary in the background (PostgreSQL stopped meanwhile)",
                    SlotRules::copy));

    /** A rule that answers with {@code decide} whenever {@code applies}. */
    private static RuleFunction when(BiPredicate<ClusterView, LocalState> applies,
                                     BiFunction<ClusterView, LocalState, Decision> decide) {
        return (view, local) -> applies.test(view, local) ? Optional.of(decide.apply(view, local)) : Optional.empty();
    }
}
