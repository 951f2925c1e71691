package io.jpatroni.daemon.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Patroni 3.0.2's callback bookkeeping: which callback each change of the local PostgreSQL calls, with which role. */
class LifecycleTest {
    private final List<String> calls = new ArrayList<>();

    private Lifecycle lifecycle(String role) {
        return new Lifecycle(role, (a, r) -> calls.add(a.word() + " " + r));
    }

    private static void startReplica(Lifecycle l) {
        boolean change = l.isRoleChange(Lifecycle.REPLICA);
        l.starting(Lifecycle.REPLICA, false, change);
        l.started();
        if (change) {
            l.roleChanged(Lifecycle.REPLICA);
        }
    }

    @Test
    void bootstrapCallsNothingUntilTheClusterIsInitializedThenOnStartMaster() {
        Lifecycle l = lifecycle(Lifecycle.UNINITIALIZED);
        l.bootstrapStarted();
        l.starting(Lifecycle.MASTER, false, false);
        l.started();
        l.reloaded(false);
        l.cycle(true, false);
        assertThat(calls).isEmpty();
        l.bootstrapped();
        l.cycle(true, false);
        assertThat(calls).containsExactly("on_start master");
    }

    @Test
    void aClonedReplicaStartsAsReplicaAndAPromotionPassesMaster() {
        Lifecycle l = lifecycle(Lifecycle.UNINITIALIZED);
        startReplica(l);
        l.promoted();
        assertThat(calls).containsExactly("on_start replica", "on_role_change master");
        assertThat(l.role()).isEqualTo(Lifecycle.MASTER);
    }

    @Test
    void aGracefulDemotionStopsAsDemotedThenChangesRoleToReplicaWithoutOnStart() {
        Lifecycle l = lifecycle(Lifecycle.MASTER);
        l.cycle(true, false);
        l.demoted();
        l.stopped(false);
        startReplica(l);
        assertThat(calls).containsExactly("on_start master", "on_stop demoted", "on_role_change replica");
    }

    @Test
    void anImmediateDemotionStopsAsMaster() {
        Lifecycle l = lifecycle(Lifecycle.MASTER);
        l.cycle(true, false);
        l.stopped(false);
        l.demoted();
        startReplica(l);
        assertThat(calls).containsExactly("on_start master", "on_stop master", "on_role_change replica");
    }

    @Test
    void aRunningPrimaryFollowingARestartIsARoleChangeNotARestart() {
        Lifecycle l = lifecycle(Lifecycle.MASTER);
        l.cycle(true, false);
        boolean change = l.isRoleChange(Lifecycle.REPLICA);
        l.restarting(change);
        l.starting(Lifecycle.REPLICA, true, change);
        l.started();
        l.roleChanged(Lifecycle.REPLICA);
        assertThat(change).isTrue();
        assertThat(calls).containsExactly("on_start master", "on_role_change replica");
    }

    @Test
    void aReplicaPointedElsewhereByReloadCallsOnReload() {
        Lifecycle l = lifecycle(Lifecycle.REPLICA);
        l.cycle(true, true);
        assertThat(l.isRoleChange(Lifecycle.REPLICA)).isFalse();
        l.reloaded(false);
        assertThat(calls).containsExactly("on_start replica", "on_reload replica");
    }

    @Test
    void aRestartCallsOnRestartWithTheRoleItKeeps() {
        Lifecycle l = lifecycle(Lifecycle.MASTER);
        l.cycle(true, false);
        l.restarting(false);
        l.starting(l.role(), true, false);
        l.started();
        assertThat(calls).containsExactly("on_start master", "on_restart master");
    }

    @Test
    void aDaemonJoiningARunningServerCallsOnStartOnceAndNotWhileAnOperationRuns() {
        Lifecycle l = lifecycle(Lifecycle.REPLICA);
        l.operationStarted();
        l.cycle(true, true);
        assertThat(calls).isEmpty();
        l.operationEnded();
        l.cycle(false, false);
        assertThat(calls).isEmpty();
        l.cycle(true, true);
        l.cycle(true, true);
        assertThat(calls).containsExactly("on_start replica");
    }

    @Test
    void aReloadDoesNotCountAsTheFirstCallback() {
        Lifecycle l = lifecycle(Lifecycle.MASTER);
        l.reloaded(false);
        assertThat(l.callbackCalled()).isFalse();
        l.cycle(true, false);
        assertThat(calls).containsExactly("on_reload master", "on_start master");
    }

    @Test
    void aStartBeforeAnyCallbackIsNoRoleChangeEvenForADemotedPrimary() {
        Lifecycle l = lifecycle(Lifecycle.DEMOTED);
        startReplica(l);
        assertThat(calls).containsExactly("on_start replica");
    }
}
