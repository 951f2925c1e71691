package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.config.ConfigKey;
import io.jpatroni.config.ConfigKeys;
import io.jpatroni.config.KeyStatus;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.FreePorts;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Repo;
import io.jpatroni.it.support.SeedRewrite;
import io.jpatroni.it.support.Timings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #8's "done means": every configuration real users wrote (the seed set, kept with the config
 * module's test resources) either runs a healthy 3-node cluster on PostgreSQL 15, each node from its own
 * rewritten copy, or is refused at startup with a message naming the key jpatroni does not support.
 * Only addresses and paths are rewritten ({@link SeedRewrite}), and a seed's own mistake that would stop real Patroni
 * too is corrected, each named in {@link #SEED_MISTAKES}. The seeds on etcd run here; those with a
 * {@code zookeeper} section run on ZooKeeper in {@link SeedConfigsOnZooKeeperIT}, with the same checks.
 */
class SeedConfigsIT {
    private static final Path SEEDS = Repo.path("config/src/test/resources/configs");
    private static final int NODES = 3;

    /**
     * The keys each refused seed must be refused for today. When an issue implements one, its seed's line
     * changes here; a seed that is not listed must run.
     */
    private static final Map<String, List<String>> REFUSED_TODAY = Map.of();

    /**
     * Mistakes in a seed that no daemon could run past, corrected before it runs (text as written, its correction).
     * seed004 replicates as {@code postgres} while its pg_hba lets only {@code replicator} open replication
     * connections: pg_basebackup is refused ("no pg_hba.conf entry for replication connection ... user postgres"), so
     * no replica could clone from its primary under Patroni either.
     */
    private static final Map<String, Map<String, String>> SEED_MISTAKES = Map.of(
            "seed004-patroni1.yml", Map.of("host replication replicator 192.168.1.0/24 md5",
                    "host replication postgres 192.168.1.0/24 md5"));

    /** A changed line must have had an address, a network, a path or the node's name on it. */
    private static final Pattern REWRITABLE = Pattern.compile(":(8008|5432|2379|2181)\\b|\\d+(\\.\\d+){3}/\\d+"
            + "|^\\s*(name|data_dir|config_dir|pgpass|bin_dir|dir|unix_socket_directories|log_directory):|/tmp/");

    /** etcd for the seed that runs: its nodes are started from the rewritten copies. */
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerSeed =
            ClusterExtension.of(() -> JPatroniCluster.withoutNodes("seed"));

    static Stream<String> seeds() throws IOException {
        return seeds(false);
    }

    /** The seed files with a {@code zookeeper} section, or those without one. */
    static Stream<String> seeds(boolean onZooKeeper) throws IOException {
        try (Stream<Path> files = Files.list(SEEDS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seed") && n.endsWith(".yml"))
                    .filter(n -> hasZooKeeperSection(seed(n)) == onZooKeeper).sorted().toList().stream();
        }
    }

    static String seed(String name) {
        try {
            return Files.readString(SEEDS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasZooKeeperSection(String yaml) {
        return yaml.lines().anyMatch(l -> l.startsWith("zookeeper:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void runsAHealthyClusterOrIsRefusedNamingTheUnsupportedKey(String seed, JPatroniCluster cluster)
            throws IOException {
        runsOrIsRefused(seed, cluster);
    }

    /**
     * {@code seed} runs a healthy cluster of {@link #NODES} nodes on {@code cluster}'s DCS, or each node refuses to
     * start naming the keys it is refused for today.
     */
    static void runsOrIsRefused(String seed, JPatroniCluster cluster) throws IOException {
        String original = seed(seed);
        for (Map.Entry<String, String> fix : SEED_MISTAKES.getOrDefault(seed, Map.of()).entrySet()) {
            assertThat(original).as("%s still has the mistake this test corrects", seed).contains(fix.getKey());
            original = original.replace(fix.getKey(), fix.getValue());
        }
        Path dir = Files.createDirectories(cluster.dir().resolve("validated"));   // deleted with the cluster
        Path first = write(dir, original, node(dir, 1, List.of("127.0.0.1:" + FreePorts.next())));

        Processes.Result validation = jpatroni("--validate-config", first.toString());

        if (validation.exitCode() == 0) {
            assertThat(REFUSED_TODAY).as("%s is expected to be refused, yet --validate-config passes:%n%s", seed,
                    validation.output()).doesNotContainKey(seed);
            runsHealthy(original, cluster);
        } else {
            assertThat(REFUSED_TODAY).as("%s is expected to run, yet --validate-config fails:%n%s", seed,
                    validation.output()).containsKey(seed);
            assertRefusalNamesOnlyRefusedKeys(seed, validation);
            for (int i = 1; i <= NODES; i++) {
                Path file = write(dir, original, node(dir, i, List.of("127.0.0.1:" + FreePorts.next())));
                Processes.Result start = jpatroni(file.toString());
                assertThat(start.exitCode()).as("%s node %d: %s", seed, i, start.output()).isEqualTo(1);
                assertRefusalNamesOnlyRefusedKeys(seed, start);
            }
        }
    }

    /** {@link #NODES} nodes from rewritten copies of {@code original} on {@code cluster}'s DCS, healthy. */
    static void runsHealthy(String original, JPatroniCluster cluster) {
        for (int i = 1; i <= NODES; i++) {
            NodeConfig cfg = cluster.newNodeConfig("node" + i);
            directories(cfg);
            cluster.add(new JPatroniNode(cfg, checkedRewrite(original, cfg))).start();
        }
        cluster.awaitHealthy(Duration.ofSeconds(240));
    }

    /** Every error names a key the registry refuses, and every key this seed is refused for today is named. */
    private static void assertRefusalNamesOnlyRefusedKeys(String seed, Processes.Result result) {
        List<String> errorPaths = result.output().lines().filter(l -> l.startsWith("ERROR: "))
                .map(l -> l.substring("ERROR: ".length(), l.indexOf(':', "ERROR: ".length()))).toList();
        assertThat(errorPaths).as(result.output()).containsAll(REFUSED_TODAY.get(seed))
                .allSatisfy(p -> assertThat(isRefused(p)).as("%s is not a refused key:%n%s", p, result.output())
                        .isTrue());
    }

    private static boolean isRefused(String path) {
        return ConfigKeys.all().stream().filter(k -> k.status() == KeyStatus.REFUSED).map(ConfigKey::filePath)
                .anyMatch(pattern -> matches(pattern.split("\\."), path.split("\\.")));
    }

    private static boolean matches(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    private static NodeConfig node(Path dir, int i, List<String> etcd) {
        return new NodeConfig("seed", "node" + i, dir.resolve("node" + i), FreePorts.next(), FreePorts.next(), etcd,
                Timings.JPATRONI);
    }

    private static Path write(Path dir, String original, NodeConfig cfg) throws IOException {
        directories(cfg);
        Path file = cfg.configFile();
        Files.writeString(file, checkedRewrite(original, cfg));
        return file;
    }

    private static void directories(NodeConfig cfg) {
        try {
            Files.createDirectories(cfg.dir());
            for (Path d : SeedRewrite.directories(cfg)) {
                Files.createDirectories(d);
            }
            // a config_dir (seed004: /etc/postgresql/15/main) holds the postgresql.conf pg_createcluster left on the
            // user's Debian machine; Patroni, like jpatroni, renames it to postgresql.base.conf and includes it
            Path conf = Files.createDirectories(cfg.dir().resolve("conf")).resolve("postgresql.conf");
            if (!Files.exists(conf)) {
                Files.writeString(conf, "# postgresql.conf as pg_createcluster leaves it, settings left to Patroni\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rewritten copy, after checking that it differs only on lines with addresses, networks, paths, name. */
    private static String checkedRewrite(String original, NodeConfig cfg) {
        String rewritten = SeedRewrite.apply(original, cfg);
        List<String> before = original.lines().toList();
        List<String> after = rewritten.lines().toList();
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                assertThat(before.get(i)).as("line %d changed to %s", i + 1, after.get(i)).containsPattern(REWRITABLE);
            }
        }
        assertThat(rewritten).doesNotContain("192.168.").doesNotContain("pg-master:").doesNotContain("zoo:2181")
                .contains("127.0.0.1:" + cfg.restPort()).contains(cfg.dataDir().toString());
        return rewritten;
    }

    private static Processes.Result jpatroni(String... args) {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(Repo.path("bin/jpatroni").toString()),
                Stream.of(args)).toList());
        return Processes.runAny(pb, Duration.ofSeconds(90));
    }
}
