package io.jpatroni.daemon.callbacks;

import java.util.function.BiConsumer;

/**
 * Which callback a change of the local PostgreSQL calls, and with which role: Patroni 3.0.2's bookkeeping in
 * {@code Postgresql} ({@code role}, {@code __cb_called}, {@code __cb_pending}, {@code bootstrapping}). The role
 * words are 3.0.2's: {@code master} (a promotion passes it too), {@code replica}, {@code demoted} (a primary that
 * stopped), {@code standby_leader}. No callback runs while a new cluster is being bootstrapped; the first after it
 * is {@code on_start master}. A node that turns from primary (or demoted) into a replica, once a callback ran, gets
 * {@code on_role_change} instead of {@code on_start} / {@code on_restart} / {@code on_reload}.
 *
 * <p>Thread-safe: the HA loop and its background task both report here.
 */
public final class Lifecycle {
    public static final String MASTER = "master";
    public static final String REPLICA = "replica";
    public static final String DEMOTED = "demoted";
    public static final String PROMOTED = "promoted";
    public static final String UNINITIALIZED = "uninitialized";
    public static final String STANDBY_LEADER = "standby_leader";

    private final BiConsumer<CallbackAction, String> sink;
    private String role;
    private boolean cbCalled;
    /** Patroni's {@code __cb_pending}: null (none), an action, or {@link #NOOP} (a role change follows). */
    private Object pending;
    private static final Object NOOP = new Object();
    private boolean bootstrapping;
    private int operations;

    /**
     * @param role Patroni's role at start: {@code uninitialized} without data, {@code replica} with a standby or
     *             recovery signal, {@code master} otherwise ({@code demoted} if that primary is not running)
     * @param sink runs the callback (a {@link CallbackRunner})
     */
    public Lifecycle(String role, BiConsumer<CallbackAction, String> sink) {
        this.role = role;
        this.sink = sink;
    }

    public synchronized String role() {
        return role;
    }

    /** Patroni's {@code cb_called}: a start, stop, restart or role change callback was called. */
    public synchronized boolean callbackCalled() {
        return cbCalled;
    }

    private void call(CallbackAction action) {
        if (bootstrapping) {
            return;
        }
        if (action != CallbackAction.ON_RELOAD) {
            cbCalled = true;
        }
        sink.accept(action, PROMOTED.equals(role) ? MASTER : role);
    }

    // ---- operations the adapter is carrying out (the loop's "nobody has called on_start yet" waits for them)

    public synchronized void operationStarted() {
        operations++;
    }

    public synchronized void operationEnded() {
        operations--;
    }

    /** A new cluster is being made (initdb or a custom method): no callback until {@link #bootstrapped}. */
    public synchronized void bootstrapStarted() {
        bootstrapping = true;
    }

    /** The bootstrap failed: nothing was called and nothing will be. */
    public synchronized void bootstrapFailed() {
        bootstrapping = false;
    }

    /** The cluster is initialized and this node leads it: {@code on_start master}. */
    public synchronized void bootstrapped() {
        bootstrapping = false;
        role = MASTER;
        call(CallbackAction.ON_START);
    }

    /**
     * Patroni's {@code follow(member, role)} decides before touching PostgreSQL whether this is a role change:
     * a primary (or demoted primary) becoming a replica, or a replica becoming a standby leader and back, once a
     * callback ran. A role change blocks the start / restart / reload callbacks and ends with
     * {@link #roleChanged}.
     */
    public synchronized boolean isRoleChange(String newRole) {
        return cbCalled && (MASTER.equals(role) || DEMOTED.equals(role)
                || (STANDBY_LEADER.equals(role) && REPLICA.equals(newRole))
                || (REPLICA.equals(role) && STANDBY_LEADER.equals(newRole)));
    }

    /**
     * PostgreSQL is being started as {@code newRole}. {@code blockCallbacks}: part of a restart (whose callback is
     * already pending) or of a role change (nothing when it is up).
     */
    public synchronized void starting(String newRole, boolean blockCallbacks, boolean roleChange) {
        if (roleChange) {
            pending = NOOP;
        } else if (!blockCallbacks) {
            pending = CallbackAction.ON_START;
        }
        role = newRole;
    }

    /** PostgreSQL accepts connections after {@link #starting}: the pending start or restart callback. */
    public synchronized void started() {
        Object action = pending;
        pending = null;
        if (action != NOOP) {
            call(action == null ? CallbackAction.ON_START : (CallbackAction) action);
        }
    }

    /** A restart begins: its callback is {@code on_restart}, or nothing when it is part of a role change. */
    public synchronized void restarting(boolean roleChange) {
        pending = roleChange ? NOOP : CallbackAction.ON_RESTART;
    }

    /** PostgreSQL stopped (not as part of a restart): {@code on_stop} with the role it had. */
    public synchronized void stopped(boolean blockCallbacks) {
        if (!blockCallbacks) {
            call(CallbackAction.ON_STOP);
        }
    }

    /** A primary stopped for a demotion: it is {@code demoted} from now on. */
    public synchronized void demoted() {
        role = DEMOTED;
    }

    /** Set the role without a callback (Patroni's {@code set_role}). */
    public synchronized void setRole(String newRole) {
        role = newRole;
    }

    /** pg_ctl reload succeeded. */
    public synchronized void reloaded(boolean blockCallbacks) {
        if (!blockCallbacks) {
            call(CallbackAction.ON_RELOAD);
        }
    }

    /** The end of a follow that was a role change ({@link #isRoleChange}): {@code on_role_change} with the new role. */
    public synchronized void roleChanged(String newRole) {
        role = newRole;
        call(CallbackAction.ON_ROLE_CHANGE);
    }

    /** {@code pg_ctl promote} succeeded: {@code on_role_change master}. */
    public synchronized void promoted() {
        role = PROMOTED;
        call(CallbackAction.ON_ROLE_CHANGE);
        role = MASTER;
    }

    /**
     * Once per HA cycle, as Patroni's loop does: PostgreSQL runs, no operation is under way and no start, stop,
     * restart or role change callback ever ran (the daemon found it running): {@code on_start} with its role.
     */
    public synchronized void cycle(boolean running, boolean inRecovery) {
        if (!running || cbCalled || bootstrapping || operations > 0) {
            return;
        }
        if (!STANDBY_LEADER.equals(role)) {
            role = inRecovery ? REPLICA : MASTER;
        }
        call(CallbackAction.ON_START);
    }
}
