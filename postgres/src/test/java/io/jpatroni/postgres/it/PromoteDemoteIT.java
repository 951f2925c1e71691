package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.REPLICATION;
import static io.jpatroni.postgres.it.PgNodes.SUPERUSER;
import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.postgres.FollowResult;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.replica.BasebackupOptions;
import io.jpatroni.postgres.replica.ReplicaMethod;
import io.jpatroni.postgres.sql.LeaderProbe;
import io.jpatroni.postgres.sql.ReplicationInfo;
import io.jpatroni.postgres.sql.WalPosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A clean promote/demote swap of two local PostgreSQL servers needs no pg_rewind: the old primary's shutdown
 * checkpoint ends at the switch point. (The cluster-level switchover is {@code src-it}'s {@code SwitchoverIT}.)
 */
class PromoteDemoteIT {
    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void cleanSwitchoverAndBackWithoutRewind() {
        Postgres pg0 = nodes.primary("pg0");
        Postgres pg1 = nodes.node("pg1");
        pg1.createReplica(List.of(ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast"),
                List.of()))), Optional.of(target(pg0, REPLICATION)));
        pg1.start(Optional.of(StandbyConfig.following(target(pg0, REPLICATION), null)));
        Sql.exec(target(pg0, SUPERUSER), "CREATE TABLE t(v int); INSERT INTO t VALUES (1)");
        awaitStreaming(pg0, "pg1");

        // switchover 1: stop the primary cleanly, promote the replica; the old primary just follows
        pg0.stop(StopMode.FAST);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                pg1.queries().walPosition().replayedLsn().getAsLong() >= pg0.controlData().checkpointLocation());
        pg1.promote(Duration.ofSeconds(30));
        var check = pg0.checkRewind(target(pg1, REPLICATION));
        assertThat(check.needRewind()).as(check.reason()).isFalse();
        assertThat(check.reason()).contains("shutdown checkpoint ends exactly at the switch point");
        assertThat(pg0.follow(StandbyConfig.following(target(pg1, REPLICATION), null)))
                .isEqualTo(FollowResult.STARTED);
        awaitStreaming(pg1, "pg0");

        // switchover 2, Patroni's order: demote the primary first (it waits as a replica), then promote
        pg1.demote(StandbyConfig.following(target(pg0, REPLICATION), null), StopMode.FAST);
        assertThat(pg1.queries().isInRecovery()).isTrue();
        pg0.promote(Duration.ofSeconds(30));
        Sql.exec(target(pg0, SUPERUSER), "INSERT INTO t VALUES (2)");
        awaitStreaming(pg0, "pg1");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(pg1.queries().walPosition().timeline()).isEqualTo(3);
            assertThat(Sql.one(target(pg1, SUPERUSER), "SELECT sum(v) FROM t")).isEqualTo("3");
        });
    }

    /**
     * A promotion not finished still shows the old timeline (IDENTIFY_SYSTEM): a rewind check against a leader in
     * recovery is undecided (Patroni's check_leader_is_not_in_recovery), and decides once it has left recovery.
     */
    @Test
    void aRewindCheckAgainstALeaderStillInRecoveryIsUndecided() {
        Postgres pg0 = nodes.primary("pg0");
        Postgres pg1 = nodes.node("pg1");
        pg1.createReplica(List.of(ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast"),
                List.of()))), Optional.of(target(pg0, REPLICATION)));
        pg1.start(Optional.of(StandbyConfig.following(target(pg0, REPLICATION), null)));
        awaitStreaming(pg0, "pg1");
        assertThat(LeaderProbe.probe(target(pg0, REPLICATION)).inRecovery()).isFalse();
        assertThat(LeaderProbe.probe(target(pg1, REPLICATION)).inRecovery()).isTrue();

        pg0.stop(StopMode.FAST);
        var undecided = pg0.checkRewind(target(pg1, REPLICATION));
        assertThat(undecided.undecided()).as(undecided.reason()).isTrue();
        assertThat(undecided.needRewind()).isFalse();

        pg1.promote(Duration.ofSeconds(30));
        var decided = pg0.checkRewind(target(pg1, REPLICATION));
        assertThat(decided.undecided()).as(decided.reason()).isFalse();
        assertThat(decided.reason()).contains("switch");
    }

    /**
     * A replica that followed a switchover keeps pg_control's old timeline until its next restartpoint; once its
     * walreceiver loses the primary (the primary stops) only IDENTIFY_SYSTEM on the replica tells its timeline.
     */
    @Test
    void aReplicaWithoutItsPrimaryStillKnowsItsTimeline() {
        Postgres pg0 = nodes.primary("pg0");
        Postgres pg1 = nodes.node("pg1");
        pg1.createReplica(List.of(ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast"),
                List.of()))), Optional.of(target(pg0, REPLICATION)));
        pg1.start(Optional.of(StandbyConfig.following(target(pg0, REPLICATION), null)));
        awaitStreaming(pg0, "pg1");
        pg0.stop(StopMode.FAST);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                pg1.queries().walPosition().replayedLsn().getAsLong() >= pg0.controlData().checkpointLocation());
        pg1.promote(Duration.ofSeconds(30));
        assertThat(pg0.follow(StandbyConfig.following(target(pg1, REPLICATION), null)))
                .isEqualTo(FollowResult.STARTED);
        awaitStreaming(pg1, "pg0");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            WalPosition streaming = pg0.queries().walPosition();
            assertThat(streaming.timelineKnown()).isTrue();
            assertThat(streaming.timeline()).isEqualTo(2);
        });

        pg1.stop(StopMode.FAST);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(pg0.queries().walPosition().timelineKnown()).as("walreceiver in contact").isFalse());
        WalPosition alone = pg0.queries().walPosition();
        assertThat(alone.timeline()).as("pg_control's checkpoint timeline").isEqualTo(1);
        assertThat(pg0.replayTimeline()).isEqualTo(2);
    }

    /**
     * IDENTIFY_SYSTEM and TIMELINE_HISTORY go over a physical replication connection, as Patroni's do: pg_hba's
     * {@code replication} lines are all the replication user needs (a {@code replication=database} connection is
     * matched against the database's lines instead).
     */
    @Test
    void timelineQueriesNeedOnlyTheReplicationLinesOfPgHba() {
        Postgres pg0 = nodes.node(nodes.settings("pg0").pgHba(List.of("local all all trust",
                "host replication replicator 127.0.0.1/32 md5", "host all postgres 127.0.0.1/32 md5")).build());
        pg0.bootstrap(PgNodes.defaultBootstrap());
        assertThat(pg0.replayTimeline()).isEqualTo(1);
        assertThat(LeaderProbe.probe(target(pg0, REPLICATION)).timeline()).isEqualTo(1);
    }

    private static void awaitStreaming(Postgres primary, String replica) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(primary.queries().replicationStatus()).extracting(ReplicationInfo::applicationName,
                        ReplicationInfo::state).containsExactly(org.assertj.core.groups.Tuple.tuple(replica,
                        "streaming")));
    }
}
