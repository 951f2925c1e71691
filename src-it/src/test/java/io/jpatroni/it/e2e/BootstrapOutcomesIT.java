package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.EtcdExtension;
import io.jpatroni.it.support.FreePorts;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a node starts on data it did not bootstrap itself, and how a failed bootstrap ends, as Patroni does:
 * a failed bootstrap removes the initialize key, leaves exactly one {@code <data_dir>.failed} and exits non-zero
 * (no retry loop that fills the disk); existing data in an uninitialized cluster is adopted (its system
 * identifier becomes the initialize key) and data of another cluster is refused.
 */
class BootstrapOutcomesIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @TempDir
    Path tmp;

    private final List<JPatroniNode> nodes = new java.util.ArrayList<>();

    @AfterEach
    void stopNodes(org.junit.jupiter.api.TestInfo test) {
        nodes.forEach(n -> System.out.println("---- " + test.getDisplayName() + ": log of " + n.name() + "\n"
                + n.logTail(60)));
        nodes.forEach(JPatroniNode::close);
    }

    private NodeConfig config(String scope, String name) {
        return new NodeConfig(scope, name, tmp.resolve(name), FreePorts.next(), FreePorts.next(), ETCD.hosts(),
                10, 1, 3);
    }

    private JPatroniNode node(NodeConfig cfg) {
        JPatroniNode n = new JPatroniNode(cfg);
        nodes.add(n);
        return n;
    }

    @Test
    void failedPostBootstrapCancelsInitializationMovesTheDataAsideOnceAndExits() throws Exception {
        NodeConfig cfg = config("failboot", "node1");
        Files.createDirectories(cfg.dir());
        Path script = cfg.dir().resolve("post_bootstrap.sh");
        Files.writeString(script, "#!/bin/sh\necho 'post_bootstrap refuses' >&2\nexit 3\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String yaml = cfg.yaml().replace("bootstrap:\n", "bootstrap:\n  post_bootstrap: " + script + "\n");

        for (int attempt = 1; attempt <= 2; attempt++) {   // the second start is what systemd's restart does
            JPatroniNode node = node(cfg).start(yaml);
            assertThat(node.awaitExit(Duration.ofSeconds(90))).as("attempt %d: exit code", attempt).hasValue(1);
            String log = Files.readString(node.log());
            assertThat(log).contains("removing initialize key after failed attempt to bootstrap the cluster",
                    "renaming data directory to " + cfg.dataDir() + ".failed", "Failed to bootstrap cluster");
            assertThat(cfg.dataDir()).doesNotExist();
            assertThat(siblingsOf(cfg.dataDir())).containsExactly("data.failed");
            assertThat(cfg.dataDir().resolveSibling("data.failed").resolve("PG_VERSION")).exists();
            assertThat(ETCD.cluster().etcdctl("get", "/service/failboot/initialize", "--print-value-only"))
                    .isBlank();
            assertThat(postmasterRunningIn(cfg.dataDir().resolveSibling("data.failed"))).isFalse();
        }
    }

    @Test
    void existingDataIsAdoptedAndAnotherClustersDataIsRefused() throws Exception {
        NodeConfig first = config("adopt", "node1");
        initdb(first.dataDir());
        String sysid = systemId(first.dataDir());

        JPatroniNode node1 = node(first).start();
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !node1.isAlive())
                .alias(node1.name() + " becomes primary on its adopted data").until(() -> node1.status("/primary") == 200);
        assertThat(ETCD.cluster().etcdctl("get", "/service/adopt/initialize", "--print-value-only").trim())
                .isEqualTo(sysid);

        NodeConfig stranger = config("adopt", "node2");
        initdb(stranger.dataDir());
        String otherSysid = systemId(stranger.dataDir());
        JPatroniNode node2 = node(stranger).start();
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
