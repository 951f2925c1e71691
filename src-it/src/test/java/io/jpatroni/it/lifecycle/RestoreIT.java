package io.jpatroni.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Timings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bootstrap.method}: a base backup (pg_basebackup, plain) of a first cluster is copied in by the method's
 * command to bootstrap a second cluster, which has the data; a PITR variant replays the first cluster's WAL archive
 * up to a restore point and stops there; a failing method leaves {@code <data_dir>.failed} once and exits 1.
 */
class RestoreIT {
    private static final Duration START = Duration.ofSeconds(120);

    /** etcd only: each method starts its own clusters in it (their scopes differ). */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> etcd = ClusterExtension.of(() -> JPatroniCluster.withoutNodes("source"));

    /** A script that copies {@code backup} into the --datadir it is given, as a restore tool would. */
    private static Path restoreScript(Path dir, Path backup) throws IOException {
        Files.createDirectories(dir);
        Path s = dir.resolve("restore.sh");
        Files.writeString(s, """
                #!/bin/sh
                for a in "$@"; do case "$a" in --datadir=*) d="${a#--datadir=}";; esac; done
                [ -n "$d" ] || { echo "no --datadir in $*" >&2; exit 2; }
                mkdir -p "$d" && cp -a %s/. "$d" && chmod 700 "$d"
                """.formatted(backup));
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private static String withMethod(NodeConfig cfg, String method) {
        return cfg.yaml().replace("bootstrap:\n", "bootstrap:\n  method: restore\n  restore:\n" + method);
    }

    private static JPatroniNode awaitPrimary(JPatroniNode n) {
        await().atMost(START).failFast(() -> !n.isAlive()).alias(n.name() + " becomes the restored primary")
                .until(() -> n.status("/primary") == 200);
        return n;
    }

    @Test
    void aSecondClusterBootstrapsFromABaseBackupAndAPitrVariantStopsAtItsTarget(JPatroniCluster c) throws Exception {
        Path archive = Files.createDirectories(c.dir().resolve("archive"));
        NodeConfig srcCfg = c.newNodeConfig("source", "source1");
        String srcYaml = srcCfg.yaml().replace("        fsync: \"off\"\n", "        fsync: \"off\"\n"
                + "        archive_mode: \"on\"\n        archive_command: 'cp %p " + archive + "/%f'\n");
        JPatroniNode src = awaitPrimary(c.add(new JPatroniNode(srcCfg, srcYaml)).start());
        src.execute("CREATE TABLE t(v text)", "INSERT INTO t VALUES ('in the backup')");

        Path backup = c.dir().resolve("backup");
        Processes.Result r = Processes.runAny(pgBasebackup(srcCfg, backup), Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.output()).isZero();
        src.execute("INSERT INTO t VALUES ('before the restore point')",
                "SELECT pg_create_restore_point('jpatroni_pitr')", "INSERT INTO t VALUES ('after the restore point')");
        String lastWal = src.queryOne("SELECT pg_walfile_name(pg_switch_wal())");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(archive.resolve(lastWal)));
        String sysid = src.queryOne("SELECT system_identifier::text FROM pg_control_system()");

        // 1. the base backup alone: the data of the backup, a new cluster with the source's system identifier
        NodeConfig plainCfg = c.newNodeConfig("restored", "restored1");
        String plainYaml = withMethod(plainCfg, "    command: " + restoreScript(plainCfg.dir(), backup) + "\n");
        JPatroniNode plain = awaitPrimary(c.add(new JPatroniNode(plainCfg, plainYaml)).start());
        assertThat(plain.queryOne("SELECT string_agg(v, ',' ORDER BY v) FROM t")).isEqualTo("in the backup");
        assertThat(plain.queryOne("SELECT system_identifier::text FROM pg_control_system()")).isEqualTo(sysid);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(c.etcd().etcdctl("get",
                "/service/restored/initialize", "--print-value-only").trim()).isEqualTo(sysid));
        String log = Files.readString(plain.log());
        assertThat(log).contains("Running custom bootstrap script: " + plainCfg.dir().resolve("restore.sh"),
                "running post_bootstrap", "initialized a new cluster");
        assertThat(Files.readString(plainCfg.dataDir().resolve("pg_hba.conf"))).doesNotContain("127.0.0.1/32 trust");
        assertThat(plainCfg.dataDir().resolve("recovery.signal")).doesNotExist();

        // 2. PITR: the same backup, the archive up to the restore point, then promotion
        NodeConfig pitrCfg = c.newNodeConfig("pitr", "pitr1");
        String pitrYaml = withMethod(pitrCfg, "    command: " + restoreScript(pitrCfg.dir(), backup) + "\n"
                + "    recovery_conf:\n      restore_command: cp " + archive + "/%f %p\n"
                + "      recovery_target_name: jpatroni_pitr\n      recovery_target_action: promote\n");
        JPatroniNode pitr = awaitPrimary(c.add(new JPatroniNode(pitrCfg, pitrYaml)).start());
        assertThat(pitr.queryOne("SELECT string_agg(v, ',' ORDER BY v) FROM t"))
                .isEqualTo("before the restore point,in the backup");
        assertThat(pitr.queryOne("SELECT timeline_id::text FROM pg_control_checkpoint()")).isNotEqualTo("1");
        assertThat(pitr.queryOne("SHOW hot_standby")).isEqualTo("on");
        assertThat(pitr.queryOne("SHOW recovery_target_name")).isEmpty();
        assertThat(pitrCfg.dataDir().resolve("recovery.signal")).doesNotExist();
        assertThat(Files.readString(pitr.log())).contains("initialized a new cluster");
    }

    @Test
    void aFailingMethodLeavesTheDataAsideOnceAndExits(JPatroniCluster c) throws Exception {
        NodeConfig cfg = c.newNodeConfig("broken", "broken1");
        Files.createDirectories(cfg.dir());
        Path s = cfg.dir().resolve("restore.sh");
        Files.writeString(s, """
                #!/bin/sh
                for a in "$@"; do case "$a" in --datadir=*) d="${a#--datadir=}";; esac; done
                mkdir -p "$d" && echo partial > "$d/PG_VERSION"
                echo 'the backup store is unreachable' >&2
                exit 1
                """);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        JPatroniNode node = c.add(new JPatroniNode(cfg, withMethod(cfg, "    command: " + s + "\n")));
        for (int attempt = 1; attempt <= 2; attempt++) {
            int mark = node.logMark();
            node.start();
            assertThat(node.awaitExit(Duration.ofSeconds(90))).as("attempt %d: exit code", attempt).hasValue(1);
            assertThat(node.logSince(mark)).contains("Running custom bootstrap script: " + s,
                    "removing initialize key after failed attempt to bootstrap the cluster",
                    "renaming data directory to " + cfg.dataDir() + ".failed", "Failed to bootstrap cluster");
            assertThat(cfg.dataDir()).doesNotExist();
            try (Stream<Path> siblings = Files.list(cfg.dir())) {
                assertThat(siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("data")))
                        .containsExactly("data.failed");
            }
            assertThat(c.etcd().etcdctl("get", "/service/broken/initialize", "--print-value-only")).isBlank();
        }
    }

    /**
     * {@code create_replica_methods} with {@code no_leader}: the cluster's leader is stopped, an empty node restores
     * itself from a backup instead of waiting for a leader, runs as a replica, and is not promoted for having come up
     * first: the last leader's position is far ahead of the backup (maximum_lag_on_failover). When the old leader
     * comes back, the restored replica streams from it.
     */
    @Test
    void aReplicaMethodWithNoLeaderRestoresANodeThatWaitsAsAReplica(JPatroniCluster c) throws Exception {
        NodeConfig aCfg = c.newNodeConfig("noleader", "noleader1");
        JPatroniNode a = awaitPrimary(c.add(new JPatroniNode(aCfg)).start());
        a.execute("CREATE TABLE t(v text)", "INSERT INTO t VALUES ('in the backup')");
        Path backup = c.dir().resolve("backup");
        Processes.Result r = Processes.runAny(pgBasebackup(aCfg, backup), Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.output()).isZero();
        a.execute("CREATE TABLE big AS SELECT g, repeat('x', 100) AS pad FROM generate_series(1, 50000) g");
        assertThat(a.stop(Duration.ofSeconds(60))).isZero();

        NodeConfig bCfg = c.newNodeConfig("noleader", "noleader2");
        Path script = restoreScript(bCfg.dir(), backup);
        String bYaml = bCfg.yaml().replace("  listen: 127.0.0.1:" + bCfg.pgPort() + "\n",
                "  listen: 127.0.0.1:" + bCfg.pgPort() + "\n  create_replica_methods: [restore, basebackup]\n"
                        + "  restore:\n    command: " + script + "\n    no_leader: true\n");
        JPatroniNode b = c.add(new JPatroniNode(bCfg, bYaml)).start();
        await().atMost(START).failFast(() -> !b.isAlive()).alias("the restored node runs as a replica")
                .until(() -> b.status("/replica") == 200);
        await().during(Duration.ofSeconds(3 * Timings.JPATRONI.loopWait() + 5)).atMost(Duration.ofSeconds(30))
                .alias("the restored replica is never promoted: the last leader is far ahead")
                .until(() -> b.status("/primary") != 200 && b.status("/replica") == 200);
        assertThat(Files.readString(b.log())).contains("trying to bootstrap (without leader)",
                "replica has been created using restore");
        assertThat(b.queryOne("SELECT string_agg(v, ',') FROM t")).isEqualTo("in the backup");

        a.start();
        awaitPrimary(a);
        await().atMost(START).untilAsserted(() -> assertThat(b.queryOne(
                "SELECT count(*)::text FROM pg_stat_wal_receiver WHERE status = 'streaming'")).isEqualTo("1"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(b.queryOne("SELECT count(*)::text FROM big")).isEqualTo("50000"));
    }

    private static ProcessBuilder pgBasebackup(NodeConfig src, Path target) {
        ProcessBuilder pb = new ProcessBuilder(List.of("/usr/lib/postgresql/15/bin/pg_basebackup", "-D",
                target.toString(), "-X", "stream", "-c", "fast", "-h", "127.0.0.1", "-p",
                String.valueOf(src.pgPort()), "-U", "replicator"));
        pb.environment().put("PGPASSWORD", "replsecret");
        return pb;
    }
}
