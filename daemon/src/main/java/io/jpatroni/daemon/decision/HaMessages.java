package io.jpatroni.daemon.decision;

/**
 * Every status line of the HA loop, in Patroni's words: operators and scripts grep for them.
 * Code and tests share these factories, so a wording change happens in one place.
 */
public final class HaMessages {
    private HaMessages() {
    }

    public static String leaderWithLock(String me) {
        return "no action. I am (" + me + "), the leader with the lock";
    }

    public static String followingLeader(String me, String leader) {
        return "no action. I am (" + me + "), a secondary, and following a leader (" + leader + ")";
    }

    public static String lockOwner(String owner, String me) {
        return "Lock owner: " + owner + "; I am " + me;
    }

    public static final String PROMOTED_BY_ACQUIRING_LOCK = "promoted self to leader by acquiring session lock";
    public static final String ACQUIRED_LOCK_AS_LEADER = "acquired session lock as a leader";
    public static final String PROMOTED_BECAUSE_HAD_LOCK = "promoted self to leader because I had the session lock";
    public static final String FOLLOWING_AFTER_FAILED_LOCK = "following new leader after trying and failing to obtain lock";
    public static final String DEMOTED_AFTER_FAILED_LOCK = "demoted self after trying and failing to obtain lock";
    public static final String FOLLOWING_NOT_HEALTHIEST = "following a different leader because i am not the healthiest node";
    public static final String FOLLOWING_NOT_ALLOWED = "following a different leader because I am not allowed to promote";
    public static final String DEMOTING_NOT_HEALTHIEST = "demoting self because i am not the healthiest node";
    public static final String DEMOTED_FAILED_UPDATE_LOCK = "demoted self because failed to update leader lock in DCS";
    public static final String DEMOTING_NO_LOCK = "demoting self because I do not have the lock and I was a leader";
    public static final String DEMOTED_DCS_INACCESSIBLE = "demoted self because DCS is not accessible and I was a leader";
    public static final String DCS_INACCESSIBLE = "DCS is not accessible";
    public static final String CONTINUE_AS_LEADER_FAILSAFE =
            "continue to run as a leader because failsafe mode is enabled and all members are accessible";

    public static final String TRYING_TO_BOOTSTRAP = "trying to bootstrap a new cluster";
    public static final String FAILED_INITIALIZE_LOCK = "failed to acquire initialize lock";
    public static final String WAITING_FOR_LEADER_TO_BOOTSTRAP = "waiting for leader to bootstrap";
    public static final String INITIALIZED_NEW_CLUSTER = "initialized a new cluster";
    public static final String CANCELLING_FAILED_BOOTSTRAP =
            "removing initialize key after failed attempt to bootstrap the cluster";
    public static final String FAILED_TO_BOOTSTRAP = "Failed to bootstrap cluster";
    public static final String WAITING_FOR_END_OF_RECOVERY = "waiting for end of recovery after bootstrap";
    public static final String RUNNING_POST_BOOTSTRAP = "running post_bootstrap";
    public static final String BOOTSTRAP_WITHOUT_LEADER = "bootstrap (without leader)";
    public static final String TRYING_TO_BOOTSTRAP_WITHOUT_LEADER = "trying to bootstrap (without leader)";
    public static final String NO_INITIALIZE_RUNNING_AS_REPLICA =
            "No initialize key in DCS and PostgreSQL is running as replica, aborting start";
    public static final String SYSTEM_ID_INVALID =
            "data dir for the cluster is not empty, but system ID is invalid; consider doing reinitialize";
    public static final String RELEASED_EMPTY_DATA_DIR = "released leader key voluntarily as data dir empty and currently leader";

    public static String bootstrapFromLeader(String leader) {
        return "trying to bootstrap from leader '" + leader + "'";
    }

    /** Patroni's line when a running {@code clonefrom} member, not the leader, is the source. */
    public static String bootstrapFromReplica(String member) {
        return "trying to bootstrap from replica '" + member + "'";
    }

    public static String systemIdMismatch(String me, String initialize, String local) {
        return "system ID mismatch, node " + me + " belongs to a different cluster: " + initialize + " != " + local;
    }

    public static final String STARTING_AS_SECONDARY = "starting as a secondary";
    public static final String STARTING_AS_READONLY_WITH_LOCK = "starting as readonly because i had the session lock";

    public static String runningRewind(String leader) {
        return "running pg_rewind from " + leader;
    }

    public static final String REINITIALIZING_DIVERGED = "reinitializing due to diverged timelines";

    public static String updatedLockDuring(String task) {
        return "updated leader lock during " + task;
    }

    public static String lostLockDuring(String task) {
        return "lost leader lock during " + task;
    }

    public static String inProgress(String task) {
        return task + " in progress";
    }

    public static final String STOPPED_TO_FAIL_OVER_AFTER_CRASH = "stopped PostgreSQL to fail over after a crash";
    public static final String STOPPED_BECAUSE_OF_STARTUP_TIMEOUT = "stopped PostgreSQL because of startup timeout";
    public static final String START_TIMED_OUT_NO_FAILOVER =
            "primary start has timed out, but continuing to wait because failover is not possible";

    public static String stillStartingUp(long secondsLeft) {
        return "PostgreSQL is still starting up, " + secondsLeft + " seconds until timeout";
    }

    public static final String NOT_HEALTHY_FOR_RACE = "not healthy enough for leader race";

    public static final String MANUAL_FAILOVER_DEMOTING = "manual failover: demoting myself";

    public static final String POSTPONING_PROMOTION =
            "Postponing promotion because synchronous replication state was updated by somebody else";

    public static final String PAUSE_PREFIX = "PAUSE: ";
    public static final String PAUSE_NOT_RUNNING = "postgres is not running";
    public static final String PAUSE_REMOVED_LOCK_NOT_RUNNING = "removed leader lock because postgres is not running";
    public static final String PAUSE_REMOVED_LOCK_NOT_PRIMARY =
            "removed leader lock because postgres is not running as primary";
    public static final String PAUSE_PRIMARY_WITHOUT_LOCK = "continue to run as primary without lock";
    public static final String PAUSE_PRIMARY_FAILED_UPDATE =
            "continue to run as primary after failing to update leader lock in DCS";
    public static final String PAUSE_WAITING_TO_PROMOTE = "waiting to become primary after promote...";

    public static String standbyLeaderWithLock(String me) {
        return "no action. I am (" + me + "), the standby leader with the lock";
    }

    public static String followingStandbyLeader(String me, String leader) {
        return "no action. I am (" + me + "), a secondary, and following a standby leader (" + leader + ")";
    }

    public static final String PROMOTED_TO_STANDBY_LEADER_HAD_LOCK =
            "promoted self to a standby leader because i had the session lock";
    public static final String PROMOTED_TO_STANDBY_LEADER_BY_ACQUIRING_LOCK =
            "promoted self to a standby leader by acquiring session lock";
    public static final String NOT_PROMOTING_FAILED_UPDATE_LOCK =
            "not promoting because failed to update leader lock in DCS";
    public static final String NOT_A_REAL_PRIMARY_IN_STANDBY = "cannot be a real primary in standby cluster";
    public static final String NOT_A_REAL_PRIMARY_IN_A_STANDBY = "cannot be a real primary in a standby cluster";
    public static final String CONTINUE_FOLLOWING_OLD_STANDBY_LEADER = "continue following the old known standby leader";
    public static final String STARTING_AS_STANDBY_LEADER = "starting as a standby leader because i had the session lock";
    public static final String FOLLOWING_REMOTE_UNHEALTHY =
            "trying to follow a remote member because standby cluster is unhealthy";
    public static final String TRYING_TO_BOOTSTRAP_STANDBY_LEADER = "trying to bootstrap a new standby leader";
    public static final String WAITING_FOR_STANDBY_LEADER_TO_BOOTSTRAP = "waiting for standby_leader to bootstrap";

    public static String noActionIAm(String me) {
        return "no action. I am (" + me + ")";
    }

    public static final String DEMOTING_WATCHDOG_NOT_ACTIVATED = "Demoting self because watchdog could not be activated";
    public static final String NOT_PROMOTING_WATCHDOG_NOT_ACTIVATED =
            "Not promoting self because watchdog could not be activated";
    public static final String CANCELLING_BOOTSTRAP_WATCHDOG = "Cancelling bootstrap because watchdog activation failed";
    public static final String WATCHDOG_NOT_USABLE = "Watchdog device is not usable";
    public static final String PROMOTION_CANCELLED_PRE_PROMOTE = "Promotion cancelled because the pre-promote script failed";
    public static final String RELEASING_PRE_PROMOTE_FAILED =
            "Releasing the leader key voluntarily because the pre-promote script failed";
    public static final String PRE_PROMOTE_BACKOFF =
            "backoff: skip leader race after pre_promote script failure and releasing the lock voluntarily";
}
