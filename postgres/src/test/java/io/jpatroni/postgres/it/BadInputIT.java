package io.jpatroni.postgres.it;

import static io.jpatroni.postgres.it.PgNodes.REPLICATION;
import static io.jpatroni.postgres.it.PgNodes.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.PostgresException;
import io.jpatroni.postgres.PostgresState;
import io.jpatroni.postgres.TestResources;
import io.jpatroni.postgres.bootstrap.BootstrapSpec;
import io.jpatroni.postgres.bootstrap.InitdbOption;
import io.jpatroni.postgres.process.ProcessFailedException;
import io.jpatroni.postgres.replica.BasebackupOptions;
import io.jpatroni.postgres.replica.ReplicaMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each bad input gives an error naming what failed, and the data directory is left as it was or removed. */
class BadInputIT {
    @RegisterExtension
    final PgNodes nodes = new PgNodes();

    @Test
    void missingBinDir() {
        Postgres pg = nodes.node(nodes.settings("pg0").build().toBuilder().build());
        Postgres bad = nodes.node(io.jpatroni.postgres.PostgresSettings.builder("pg0", "test",
                pg.settings().dataDir(), Path.of("/nonexistent/bin")).build());
        assertThatThrownBy(() -> bad.bootstrap(PgNodes.defaultBootstrap()))
                .isInstanceOf(PostgresException.class)
                .hasMessageContaining("bin_dir /nonexistent/bin has no executable initdb");
        assertThat(bad.settings().dataDir()).doesNotExist();
        assertThatThrownBy(() -> bad.start(Optional.empty())).hasMessageContaining("bin_dir");
    }

    @Test
    void dataDirectoryNotEmpty() throws Exception {
        Postgres pg = nodes.node("pg0");
        Path data = pg.settings().dataDir();
        Files.createDirectories(data);
        Files.writeString(data.resolve("precious"), "keep me");
        assertThatThrownBy(() -> pg.bootstrap(PgNodes.defaultBootstrap()))
                .hasMessageContaining("data directory " + data + " is not empty");
        assertThatThrownBy(() -> pg.createReplica(List.of(), Optional.of(ConnectionTarget.of("127.0.0.1", 1,
                PgNodes.REPLICATION)))).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> pg.start(Optional.empty())).hasMessageContaining("holds no PostgreSQL cluster");
        assertThat(Files.readString(data.resolve("precious"))).isEqualTo("keep me");
        try (Stream<Path> s = Files.list(data)) {
            assertThat(s).hasSize(1);
        }
    }

    @Test
    void dataDirectoryOwnedBySomeoneElse() throws Exception {
        Path foreign = Stream.of("/srv", "/media", "/mnt").map(Path::of)
                .filter(p -> Files.isDirectory(p) && isEmpty(p) && !owner(p).equals(System.getProperty("user.name")))
                .findFirst().orElse(null);
        assumeTrue(foreign != null, "no empty directory owned by another user");
        Postgres pg = nodes.node(nodes.settings("pg0").build().toBuilder().build());
        Postgres bad = nodes.node(io.jpatroni.postgres.PostgresSettings.builder("pg0", "test", foreign,
                PgNodes.BIN).build());
        assertThatThrownBy(() -> bad.bootstrap(PgNodes.defaultBootstrap()))
                .hasMessageContaining("data directory " + foreign + " is owned by " + owner(foreign));
        assertThat(isEmpty(foreign)).isTrue();
        assertThat(pg.state()).isEqualTo(PostgresState.STOPPED);
    }

    @Test
    void badInitdbOptionLeavesNoDataDirectory() {
        Postgres pg = nodes.node("pg0");
        assertThatThrownBy(() -> pg.bootstrap(BootstrapSpec.initdb(List.of(InitdbOption.of("encoding", "NOPE")))))
                .isInstanceOf(ProcessFailedException.class)
                .hasMessageContaining("initdb failed")
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("NOPE");
        assertThat(pg.state()).isEqualTo(PostgresState.INITDB_FAILED);
        assertThat(pg.settings().dataDir()).doesNotExist();
    }

    @Test
    void failingPostBootstrapMovesDataDirectoryAside() throws Exception {
        Postgres pg = nodes.node("pg0");
        BootstrapSpec spec = new BootstrapSpec(PgNodes.defaultBootstrap().initdb(), List.of(), List.of(),
                Optional.of(TestResources.path("scripts/failing_method.sh").toString()));
        assertThatThrownBy(() -> pg.bootstrap(spec))
                .hasMessageContaining("bootstrap failed, data directory moved to " + pg.settings().dataDir() + ".failed")
                .hasMessageContaining("post_bootstrap script failed")
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("restore store unreachable");
        assertThat(pg.settings().dataDir()).doesNotExist();
        assertThat(pg.isRunning()).isFalse();
        try (Stream<Path> s = Files.list(pg.settings().dataDir().getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("data.failed");
        }
        pg.bootstrap(PgNodes.defaultBootstrap()); // the retry starts clean
        assertThat(pg.state()).isEqualTo(PostgresState.RUNNING);
    }

    @Test
    void portInUseFailsStartWithServerLogAndMovesBootstrapAside() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Postgres pg = nodes.node(nodes.settings("pg0").listen("127.0.0.1", busy.getLocalPort())
                    .pgCtlTimeout(java.time.Duration.ofSeconds(10)).build());
            assertThatThrownBy(() -> pg.bootstrap(PgNodes.defaultBootstrap()))
                    .hasMessageContaining("starting PostgreSQL failed")
                    .hasMessageContaining("pg_ctl start")
                    .hasMessageContaining("Address already in use");
            assertThat(pg.settings().dataDir()).doesNotExist();
            assertThat(pg.isRunning()).isFalse();
        }
    }

    @Test
    void wrongReplicationPasswordUnreachableLeaderAndCancelledClone() {
        Postgres pg0 = nodes.primary("pg0");
        Postgres pg1 = nodes.node("pg1");
        ReplicaMethod bb = ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast"), List.of()));
        ConnectionTarget wrong = target(pg0, RoleCredentials.of(REPLICATION.username(), "wrong"));
        assertThatThrownBy(() -> pg1.createReplica(List.of(bb), Optional.of(wrong)))
                .hasMessageContaining("pg_basebackup from replicator@127.0.0.1:" + pg0.settings().port())
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("password authentication failed for user \"replicator\"")
                .hasMessageContaining("data directory " + pg1.settings().dataDir() + " removed");
        assertThat(pg1.settings().dataDir()).doesNotExist();

        ConnectionTarget nobody = ConnectionTarget.of("127.0.0.1", PgNodes.freePort(), REPLICATION);
        assertThatThrownBy(() -> pg1.createReplica(List.of(bb), Optional.of(nobody)))
                .hasMessageContaining("pg_basebackup")
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("Connection refused");
        assertThat(pg1.settings().dataDir()).doesNotExist();
        assertThat(pg1.state()).isEqualTo(PostgresState.STOPPED);

        assertThatThrownBy(() -> pg1.createReplica(List.of(), Optional.empty()))
                .hasMessageContaining("no leader to clone from");

        // a slow clone cancelled from another thread (Patroni's cancellable) fails at once and cleans up
        ReplicaMethod slow = ReplicaMethod.basebackup(new BasebackupOptions(Map.of("checkpoint", "fast",
                "max-rate", "32k"), List.of()));
        var canceller = java.util.concurrent.CompletableFuture.runAsync(() -> {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> Files.exists(pg1.settings().dataDir().resolve("PG_VERSION")));
            pg1.cancelLongOperation();
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> pg1.createReplica(List.of(slow), Optional.of(target(pg0, REPLICATION))))
                .hasMessageContaining("pg_basebackup")
                .hasMessageContaining("was cancelled")
                .hasMessageContaining("removed");
        canceller.join();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(30));
        assertThat(pg1.settings().dataDir()).doesNotExist();
        assertThat(pg1.state()).isEqualTo(PostgresState.STOPPED);
        assertThatThrownBy(() -> new BasebackupOptions(Map.of("pgdata", "/x"), List.of()))
                .hasMessageContaining("not allowed: [pgdata]");
    }

    private static boolean isEmpty(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String owner(Path p) {
        try {
            return Files.getOwner(p).getName();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
