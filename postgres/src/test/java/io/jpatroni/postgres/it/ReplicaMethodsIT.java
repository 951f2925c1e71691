package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.REPLICATION;
import static io.jpatroni.postgres.it.PgNodes.SUPERUSER;
import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.postgres.FollowResult;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.TestResources;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.replica.BasebackupOptions;
import io.jpatroni.postgres.replica.ReplicaMethod;
import io.jpatroni.postgres.sql.ReplicationInfo;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Custom create_replica_methods, switching the followed leader, reinitialize, slots. */
class ReplicaMethodsIT {
    private static final ReplicaMethod FAST = ReplicaMethod.basebackup(
            new BasebackupOptions(Map.of("checkpoint", "fast"), List.of()));

    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void customMethodFallbackFollowSwitchAndReinitialize() throws Exception {
        Postgres pg0 = nodes.primary("pg0");
        var leader0 = target(pg0, REPLICATION);
        Sql.exec(target(pg0, SUPERUSER), "CREATE TABLE t(v int); INSERT INTO t VALUES (1)");

        // the first method fails, the custom script (called as Patroni calls it) succeeds
        Postgres pg1 = nodes.node(nodes.settings("pg1").build());
        String script = TestResources.path("scripts/clone_replica.sh").toString();
        ReplicaMethod failing = ReplicaMethod.custom("restore", TestResources.path("scripts/failing_method.sh")
                .toString(), Map.of(), false, true, false);
        ReplicaMethod custom = ReplicaMethod.custom("clone", "env PG_BIN=" + PgNodes.BIN + " " + script,
                Map.of("extra", "x y"), false, false, false);
        assertThat(pg1.createReplica(List.of(failing, custom), Optional.of(leader0))).isEqualTo("clone");
        List<String> args = Files.readAllLines(pg1.settings().dataDir().resolveSibling("clone.args"));
        assertThat(args).containsExactly("--extra=x y", "--scope=test", "--role=replica",
                "--datadir=" + pg1.settings().dataDir(), "--connstring=" + leader0.dsn(150000));
        pg1.start(Optional.of(StandbyConfig.following(leader0, null)));

        // a second replica streams from pg0 too; pg1 switches to cascade from it (reload on PostgreSQL 13+)
        Postgres pg2 = nodes.node("pg2");
        pg2.createReplica(List.of(FAST), Optional.of(leader0));
        pg2.start(Optional.of(StandbyConfig.following(leader0, null)));
        assertThat(pg1.follow(StandbyConfig.following(target(pg2, REPLICATION), null)))
                .isEqualTo(FollowResult.RELOADED);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(pg2.queries().replicationStatus()).extracting(ReplicationInfo::applicationName)
                        .containsExactly("pg1"));
        assertThat(pg1.follow(StandbyConfig.following(target(pg2, REPLICATION), null)))
                .isEqualTo(FollowResult.UNCHANGED);
        // a slot name is reloadable too
        assertThat(pg2.queries().createPhysicalSlot("pg1")).isTrue();
        assertThat(pg1.follow(StandbyConfig.following(target(pg2, REPLICATION), "pg1")))
                .isEqualTo(FollowResult.RELOADED);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(pg2.queries().replicationSlots()).singleElement()
                        .satisfies(s -> assertThat(s.active()).isTrue()));

        // reinitialize pg1 from pg0 (twice, with a separate waldir that must be emptied in between)
        Files.writeString(pg1.settings().dataDir().resolve("garbage"), "x");
        var walDir = nodes.root().resolve("pg1-wal");
        ReplicaMethod withWalDir = ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast",
                "waldir", walDir.toString()), List.of()));
        pg1.reinitialize(List.of(withWalDir), leader0);
        assertThat(pg1.settings().dataDir().resolve("pg_wal")).isSymbolicLink();
        pg1.reinitialize(List.of(withWalDir), leader0);
        assertThat(Files.readSymbolicLink(pg1.settings().dataDir().resolve("pg_wal"))).isEqualTo(walDir);
        assertThat(pg1.settings().dataDir().resolve("garbage")).doesNotExist();
        assertThat(pg1.follow(StandbyConfig.following(leader0, null))).isEqualTo(FollowResult.STARTED);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(pg0.queries().replicationStatus()).extracting(ReplicationInfo::applicationName)
                        .containsExactlyInAnyOrder("pg1", "pg2"));
        assertThat(Sql.one(target(pg1, SUPERUSER), "SELECT count(*) FROM t")).isEqualTo("1");

        // a restarted daemon adopts the running replica and does not restart it for the same leader
        Postgres adopted = nodes.node(pg1.settings());
        assertThat(adopted.status().isRunning()).isTrue();
        var startedAt = adopted.queries().postmasterStartTime();
        assertThat(adopted.follow(StandbyConfig.following(leader0, null))).isEqualTo(FollowResult.UNCHANGED);
        assertThat(adopted.follow(StandbyConfig.following(target(pg2, REPLICATION), null)))
                .isEqualTo(FollowResult.RELOADED);
        assertThat(adopted.queries().postmasterStartTime()).isEqualTo(startedAt);

        // slot drop: an inactive slot goes, a missing one is reported as not dropped
        await().atMost(Duration.ofSeconds(30)).until(() -> pg2.queries().replicationSlots().stream()
                .noneMatch(s -> s.active()));
        assertThat(pg2.queries().dropSlot("pg1")).isTrue();
        assertThat(pg2.queries().dropSlot("pg1")).isFalse();
        assertThat(pg2.queries().replicationSlots()).isEmpty();
    }
}
