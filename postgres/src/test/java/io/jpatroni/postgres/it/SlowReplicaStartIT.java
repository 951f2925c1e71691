package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.REPLICATION;
import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.PostgresState;
import io.jpatroni.postgres.config.StandbyConfig;
import io.jpatroni.postgres.process.StopMode;
import io.jpatroni.postgres.replica.BasebackupOptions;
import io.jpatroni.postgres.replica.ReplicaMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A replica that cannot reach consistency within pg_ctl_timeout is left starting, not killed. */
class SlowReplicaStartIT {
    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void replicaWaitingForWalStaysStartingUntilItIsConsistent() throws Exception {
        Postgres pg0 = nodes.primary("pg0");
        Postgres pg1 = nodes.node(nodes.settings("pg1").pgCtlTimeout(Duration.ofSeconds(3)).build());
        pg1.createReplica(List.of(ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast"),
                List.of()))), Optional.of(target(pg0, REPLICATION)));
        try (Stream<Path> wal = Files.list(pg1.settings().dataDir().resolve("pg_wal"))) {
            for (Path segment : wal.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")).toList()) {
                Files.delete(segment); // the backup's WAL now has to come from the leader
            }
        }
        pg0.stop(StopMode.FAST);

        pg1.start(Optional.of(StandbyConfig.following(target(pg0, REPLICATION), null)));
        assertThat(pg1.state()).isEqualTo(PostgresState.STARTING);
        assertThat(pg1.status().isRunning()).isTrue();
        assertThat(pg1.status().acceptsConnections()).isFalse();

        pg0.start(Optional.empty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            pg1.status();
            assertThat(pg1.state()).isEqualTo(PostgresState.RUNNING);
        });
        assertThat(pg1.queries().isInRecovery()).isTrue();
    }
}
