package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Processes;
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
 * How a node starts on data it did not bootstrap itself, and how a failed bootstrap ends, as Patroni does:
 * a failed bootstrap removes the initialize key, leaves exactly one {@code <data_dir>.failed} and exits non-zero
 * (no retry loop that fills the disk); existing data in an uninitialized cluster is adopted (its system
 * identifier becomes the initialize key) and data of another cluster is refused.
 */
class BootstrapOutcomesIT {
    /** etcd only, for each method: the test starts its nodes one by one. */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerMethod =
            ClusterExtension.of(() -> JPatroniCluster.withoutNodes("outcomes"));

    @Test
    void failedPostBootstrapCancelsInitializationMovesTheDataAsideOnceAndExits(JPatroniCluster cluster)
            throws Exception {
        NodeConfig cfg = cluster.newNodeConfig("node1");
        Files.createDirectories(cfg.dir());
        Path script = cfg.dir().resolve("post_bootstrap.sh");
        Files.writeString(script, "#!/bin/sh\necho 'post_bootstrap refuses' >&2\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String yaml = cfg.yaml().replace("bootstrap:\n", "bootstrap:\n  post_bootstrap: " + script + "\n");

        JPatroniNode node = cluster.add(new JPatroniNode(cfg, yaml));
        for (int attempt = 1; attempt <= 2; attempt++) {   // the second start is what systemd's restart does
            int start = node.logMark();
            node.start();
            assertThat(node.awaitExit(Duration.ofSeconds(90))).as("attempt %d: exit code", attempt).hasValue(1);
            String log = node.logSince(start);
            assertThat(log).contains("removing initialize key after failed attempt to bootstrap the cluster",
                    "renaming data directory to " + cfg.dataDir() + ".failed", "Failed to bootstrap cluster");
            assertThat(cfg.dataDir()).doesNotExist();
            assertThat(siblingsOf(cfg.dataDir())).containsExactly("data.failed");
            assertThat(cfg.dataDir().resolveSibling("data.failed").resolve("PG_VERSION")).exists();
            assertThat(cluster.etcd().etcdctl("get", "/service/outcomes/initialize", "--print-value-only"))
                    .isBlank();
            assertThat(postmasterRunningIn(cfg.dataDir().resolveSibling("data.failed"))).isFalse();
        }
    }

    @Test
    void existingDataIsAdoptedAndAnotherClustersDataIsRefused(JPatroniCluster cluster) throws Exception {
        NodeConfig first = cluster.newNodeConfig("node1");
        initdb(first.dataDir());
        String sysid = systemId(first.dataDir());

        JPatroniNode node1 = cluster.add(new JPatroniNode(first)).start();
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !node1.isAlive())
                .alias(node1.name() + " becomes primary on its adopted data").until(() -> node1.status("/primary") == 200);
        assertThat(cluster.etcd().etcdctl("get", "/service/outcomes/initialize", "--print-value-only").trim())
                .isEqualTo(sysid);

        NodeConfig stranger = cluster.newNodeConfig("node2");
        initdb(stranger.dataDir());
        String otherSysid = systemId(stranger.dataDir());
        JPatroniNode node2 = cluster.add(new JPatroniNode(stranger)).start();
        assertThat(node2.awaitExit(Duration.ofSeconds(60))).hasValue(1);
        assertThat(Files.readString(node2.log())).contains("system ID mismatch, node node2 belongs to a different "
                + "cluster: " + sysid + " != " + otherSysid);
        assertThat(node1.status("/primary")).isEqualTo(200);
    }

    /** A data directory made outside jpatroni, as after pg_upgrade or when a standalone server is put under HA. */
    private static void initdb(Path dataDir) throws IOException {
        Files.createDirectories(dataDir.getParent());
        Path pwfile = Files.writeString(dataDir.resolveSibling("pwfile"), "supersecret\n");
        Processes.run(new ProcessBuilder("/usr/lib/postgresql/15/bin/initdb", "-D", dataDir.toString(),
                "-U", "postgres", "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=md5"),
                Duration.ofSeconds(120));
    }

    private static String systemId(Path dataDir) {
        String out = Processes.run(new ProcessBuilder("/usr/lib/postgresql/15/bin/pg_controldata",
                dataDir.toString()), Duration.ofSeconds(30));
        return out.lines().filter(l -> l.startsWith("Database system identifier:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    }

    private static List<String> siblingsOf(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.getParent())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(dir.getFileName() + ".") || n.startsWith(dir.getFileName() + "_"))
                    .filter(n -> !n.endsWith(".log"))
                    .toList();
        }
    }

    private static boolean postmasterRunningIn(Path dataDir) {
        return Files.exists(dataDir.resolve("postmaster.pid"));
    }
}
