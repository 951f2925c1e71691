package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import io.jpatroni.it.support.Processes;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGHUP re-reads the configuration file: new tags reach the member key and /patroni without a restart. Each method
 * has a node of its own (one starts in seconds), as each leaves its configuration file changed.
 */
class ReloadIT {
    @RegisterExtension
    final ClusterExtension<JPatroniCluster> clusterPerMethod =
            ClusterExtension.of(() -> JPatroniCluster.start("reload", 1));

    @Test
    void sighupAppliesAChangedConfigurationFile(JPatroniCluster cluster) throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        long pid = node.pid();
        String yaml = Files.readString(node.config().configFile());
        Files.writeString(node.config().configFile(), yaml.replace("tags:\n", "tags:\n  zone: b\n"));

        int reload = node.logMark();
        Processes.run(new ProcessBuilder("kill", "-HUP", Long.toString(pid)), Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(node.get("/patroni").orElseThrow().body()).contains("\"tags\": {\"zone\": \"b\"}"));
        String list = Processes.run(new ProcessBuilder("patronictl", "-c", node.config().configFile().toString(),
                "list"), Duration.ofSeconds(30));
        assertThat(list).contains("zone: b");
        assertThat(node.pid()).isEqualTo(pid);
        assertThat(node.isAlive()).isTrue();
        assertThat(node.logSince(reload)).contains("Reloading configuration from");
    }

    @Test
    void sighupNamesAKeyNotActedOnAndKeepsTheOldFileForARefusedOne(JPatroniCluster cluster) throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        String yaml = Files.readString(node.config().configFile());

        Files.writeString(node.config().configFile(), yaml.replace("  pg_hba:\n",
                "  proxy_address: 127.0.0.1:6432\n  pg_hba:\n"));
        int first = node.logMark();
        Processes.run(new ProcessBuilder("kill", "-HUP", Long.toString(node.pid())), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.logSince(first)).contains(
                "WARNING: postgresql.proxy_address: \"127.0.0.1:6432\" is not supported yet; it is not published as proxy_url"
                        + " in the member key"));

        Files.writeString(node.config().configFile(), yaml.replace("tags:\n", "tags:\n  zone: c\n")
                .replace("restapi:\n", "restapi:\n  allowlist: [10.1.2.3]\n"));
        int second = node.logMark();
        Processes.run(new ProcessBuilder("kill", "-HUP", Long.toString(node.pid())), Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.logSince(second))
                .contains("ERROR: restapi.allowlist: \"[10.1.2.3]\" is not supported yet: any host may call the"
                        + " unsafe REST endpoints")
                .contains("Configuration not reloaded: fix the errors above"));
        assertThat(node.get("/patroni").orElseThrow().body()).doesNotContain("\"zone\": \"c\"");
        assertThat(node.isAlive()).isTrue();
        assertThat(node.status("/primary")).isEqualTo(200);
    }
}
