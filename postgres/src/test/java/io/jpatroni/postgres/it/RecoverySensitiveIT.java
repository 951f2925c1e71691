package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.REPLICATION;
import static io.jpatroni.postgres.it.PgNodes.SUPERUSER;
import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.param.RecoverySensitive;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.replica.ReplicaMethod;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica configured below what its primary runs with (max_connections, max_prepared_transactions) starts with
 * pg_controldata's values instead of aborting recovery, and streams; a restart with enough applies the
 * configuration again.
 */
class RecoverySensitiveIT {
    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void replicaStartsWithThePrimarysHigherValuesAndStreams() throws Exception {
        var primarySettings = nodes.settings("pg0").build();
        Map<String, String> more = new HashMap<>(primarySettings.parameters());
        more.put("max_connections", "31");
        more.put("max_prepared_transactions", "3");
        Postgres pg0 = nodes.node(primarySettings.toBuilder().parameters(more).build());
        pg0.bootstrap(PgNodes.defaultBootstrap());
        var su0 = target(pg0, SUPERUSER);
        assertThat(Sql.one(su0, "SHOW max_connections")).isEqualTo("31");

        Postgres pg1 = nodes.node("pg1"); // PgNodes' max_connections = 20, max_prepared_transactions = 0
        var leader = target(pg0, REPLICATION);
        pg0.queries().createPhysicalSlot("pg1");
        pg1.createReplica(List.of(ReplicaMethod.basebackup(
                new io.jpatroni.postgres.replica.BasebackupOptions(Map.of("checkpoint", "fast"), List.of()))),
                Optional.of(leader));
        pg1.start(Optional.of(StandbyConfig.following(leader, "pg1")));

        var su1 = target(pg1, SUPERUSER);
        assertThat(Sql.one(su1, "SHOW max_connections")).isEqualTo("31");
        assertThat(Sql.one(su1, "SHOW max_prepared_transactions")).isEqualTo("3");
        assertThat(pg1.raisedForRecovery()).extracting(RecoverySensitive.Raise::parameter)
                .containsExactly("max_connections", "max_prepared_transactions");
        assertThat(Files.readString(pg1.settings().dataDir().resolve("postgresql.conf")))
                .contains("max_connections = '31'");
        Sql.exec(su0, "CREATE TABLE t(v int); INSERT INTO t VALUES (1)");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(Sql.one(su1, "SELECT count(*) FROM t")).isEqualTo("1"));
        assertThat(pg0.queries().replicationStatus()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo("streaming"));

        // once the configuration asks for as much, nothing is raised any more
        Map<String, String> enough = new HashMap<>(pg1.settings().parameters());
        enough.put("max_connections", "40");
        enough.put("max_prepared_transactions", "3");
        pg1.changeParameters(enough);
        pg1.restart(StopMode.FAST);
        assertThat(pg1.raisedForRecovery()).isEmpty();
        assertThat(Sql.one(su1, "SHOW max_connections")).isEqualTo("40");
    }
}
