package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real user's parameter block (seed004: PostgreSQL 15 tuned for production, with {@code wal_keep_segments: 130},
 * preloaded pg_stat_statements and auto_explain, the logging collector on) bootstraps a node: wal_keep_segments
 * becomes wal_keep_size as PostgreSQL 13+ needs, everything else is applied as written.
 */
class SeedParametersIT {
    private static final Path SEED = Repo.path("config/src/test/resources/configs/seed004-patroni1.yml");

    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.start("seed004", 1, SeedParametersIT::withSeedParameters));

    @Test
    void seed004ParameterBlockBootstrapsAndRuns(JPatroniCluster cluster) throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();

        assertThat(node.queryOne("SHOW wal_keep_size")).isEqualTo("2080MB");
        assertThat(node.queryOne("SHOW max_connections")).isEqualTo("2000");
        assertThat(node.queryOne("SHOW shared_buffers")).isEqualTo("512MB");
        assertThat(node.queryOne("SHOW shared_preload_libraries")).isEqualTo("pg_stat_statements,auto_explain");
        assertThat(node.queryOne("SHOW auto_explain.log_min_duration")).isEqualTo("10s");
        assertThat(node.queryOne("SHOW pg_stat_statements.max")).isEqualTo("10000");
        assertThat(node.queryOne("SELECT count(*) FROM pg_settings WHERE pending_restart")).isEqualTo("0");
        String conf = Files.readString(node.config().dataDir().resolve("postgresql.conf"));
        assertThat(conf).contains("wal_keep_size = '2080MB'\n").doesNotContain("wal_keep_segments")
                .contains("log_line_prefix = '%t [%p-%l] %r %q%u@%d '\n");
        Path logs = node.config().dir().resolve("pglog");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (var files = Files.list(logs)) {
                assertThat(files.map(f -> f.getFileName().toString())).anyMatch(f -> f.matches("postgresql-...\\.log"));
            }
        });
        String log = Files.readString(node.log());
        String conversion = "PostgreSQL parameter wal_keep_segments = '130' is written as wal_keep_size = '2080MB'";
        assertThat(log).contains(conversion);
        assertThat(log.split(java.util.regex.Pattern.quote(conversion), -1)).hasSize(2); // said once, not per cycle
    }

    /**
     * The test node's YAML with seed004's {@code bootstrap.dcs.postgresql.parameters} block in place of its own,
     * unchanged but for log_directory, pointed into the node's directory.
     */
    static String withSeedParameters(NodeConfig cfg) {
        List<String> block = new ArrayList<>();
        try {
            boolean in = false;
            for (String line : Files.readAllLines(SEED)) {
                if (!in && line.equals("      parameters:")) {
                    in = true;
                } else if (in && (line.isBlank() || !line.startsWith("        "))) {
                    break;
                } else if (in) {
                    block.add(line.startsWith("        log_directory:")
                            ? "        log_directory: " + cfg.dir().resolve("pglog") : line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(block).hasSizeGreaterThan(60).contains("        wal_keep_segments: 130");
        String yaml = cfg.yaml();
        int start = yaml.indexOf("      parameters:\n") + "      parameters:\n".length();
        int end = yaml.indexOf("  initdb:\n");
        return yaml.substring(0, start) + String.join("\n", block) + "\n" + yaml.substring(end);
    }
}
