package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.MINIMAL;
import static io.jpatroni.config.Fixtures.paths;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the node's configuration comes from at start and on every reload: a file with the variables over it, or the environment alone. */
class ConfigSourceTest {
    /** The node settings Patroni's ENVIRONMENT docs list, enough for a node with no file at all. */
    static final Map<String, String> NODE_ENV = Map.ofEntries(
            Map.entry("PATRONI_NAME", "n1"), Map.entry("PATRONI_SCOPE", "c1"),
            Map.entry("PATRONI_RESTAPI_LISTEN", "127.0.0.1:8008"),
            Map.entry("PATRONI_RESTAPI_CONNECT_ADDRESS", "127.0.0.1:8008"),
            Map.entry("PATRONI_ETCD3_HOST", "127.0.0.1:2379"),
            Map.entry("PATRONI_POSTGRESQL_LISTEN", "127.0.0.1:5432"),
            Map.entry("PATRONI_POSTGRESQL_CONNECT_ADDRESS", "127.0.0.1:5432"),
            Map.entry("PATRONI_POSTGRESQL_DATA_DIR", "/data"),
            Map.entry("PATRONI_SUPERUSER_USERNAME", "postgres"),
            Map.entry("PATRONI_SUPERUSER_PASSWORD", "supersecret"),
            Map.entry("PATRONI_REPLICATION_USERNAME", "replicator"),
            Map.entry("PATRONI_REPLICATION_PASSWORD", "replsecret"));

    @TempDir
    Path dir;

    @Test
    void aFileArgumentWinsAndARelativePathIsFixedOnceAgainstTheWorkingDirectory() {
        ConfigSource source = ConfigSource.forAgent(Optional.of("conf/../node1.yml"), NODE_ENV).orElseThrow();

        Path expected = Path.of(System.getProperty("user.dir")).resolve("node1.yml");
        assertThat(source).isEqualTo(new ConfigSource.File(expected));
        assertThat(source.describe(NODE_ENV)).isEqualTo(expected.toString());
    }

    @Test
    void withoutAnArgumentTheEnvironmentIsTheSourceWhenItHoldsAnyPatroniSetting() {
        assertThat(ConfigSource.forAgent(Optional.empty(), Map.of("PATRONI_ETCD3_HOST", "h:2379")))
                .contains(new ConfigSource.Environment());
        assertThat(ConfigSource.forAgent(Optional.empty(), Map.of("PATRONI_CONFIGURATION", MINIMAL)))
                .contains(new ConfigSource.Environment());
        assertThat(ConfigSource.forAgent(Optional.empty(), Map.of("PATH", "/usr/bin", "PATRONICTL_CONFIG_FILE",
                "/x.yml", "PATRONI_NAME", ""))).as("nothing for a node").isEmpty();
    }

    @Test
    void theEnvironmentSourceSaysWhichVariablesItReads() {
        ConfigSource env = new ConfigSource.Environment();
        assertThat(env.describe(NODE_ENV)).isEqualTo("the PATRONI_* environment variables");
        assertThat(env.describe(Map.of("PATRONI_CONFIGURATION", MINIMAL)))
                .isEqualTo("the environment variable PATRONI_CONFIGURATION");
    }

    @Test
    void theVariablesAloneDescribeANodeAndReloadReadsTheSameAgain() {
        ConfigSource source = ConfigSource.forAgent(Optional.empty(), NODE_ENV).orElseThrow();

        LoadedConfig first = source.load(NODE_ENV);
        LoadedConfig again = source.load(NODE_ENV);

        assertThat(first.errors()).isEmpty();
        assertThat(first.config().name()).isEqualTo("n1");
        assertThat(first.config().etcd().orElseThrow().hosts()).containsExactly("127.0.0.1:2379");
        assertThat(first.config().postgresql().authentication().superuser().orElseThrow().password()
                .map(Secret::reveal)).contains("supersecret");
        assertThat(again.config()).isEqualTo(first.config());
    }

    @Test
    void aFileHoldingOnlyTheRestIsCompletedByTheVariablesAtStartAndOnEveryReload() throws IOException {
        Path file = dir.resolve("rest.yml");
        Files.writeString(file, """
                restapi:
                  connect_address: 127.0.0.1:1
                postgresql:
                  parameters:
                    work_mem: 4MB
                tags:
                  zone: a
                """);
        ConfigSource source = ConfigSource.forAgent(Optional.of(file.toString()), NODE_ENV).orElseThrow();

        LoadedConfig started = source.load(NODE_ENV);
        Files.writeString(file, Files.readString(file).replace("zone: a", "zone: b").replace("4MB", "8MB"));
        LoadedConfig reloaded = source.load(NODE_ENV);

        assertThat(started.errors()).isEmpty();
        assertThat(started.config().tags().custom()).containsEntry("zone", "a");
        assertThat(reloaded.errors()).isEmpty();
        assertThat(reloaded.config().tags().custom()).containsEntry("zone", "b");
        assertThat(reloaded.config().postgresql().parameters()).containsEntry("work_mem", "8MB");
        for (LoadedConfig loaded : new LoadedConfig[] {started, reloaded}) {
            assertThat(loaded.config().restapi().connectAddress()).as("the variable wins over the file")
                    .isEqualTo("127.0.0.1:8008");
            assertThat(loaded.config().name()).isEqualTo("n1");
        }
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("missing.yml");
        LoadedConfig loaded = ConfigSource.forAgent(Optional.of(missing.toString()), NODE_ENV).orElseThrow()
                .load(NODE_ENV);

        assertThat(loaded.isValid()).isFalse();
        assertThat(Fixtures.rendered(loaded.errors())).containsExactly("\"" + missing + "\" no such configuration file");
    }

    @Test
    void patroniConfigurationIsReadInsteadOfTheOtherVariables() {
        Map<String, String> env = Map.of("PATRONI_CONFIGURATION", MINIMAL, "PATRONI_NAME", "ignored");

        LoadedConfig loaded = new ConfigSource.Environment().load(env);

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().name()).isEqualTo("node1");
    }

    @Test
    void forCtlTheDcsVariableAloneIsEnough() {
        LoadedConfig loaded = ConfigLoader.loadForCtlFromEnvironment(Map.of("PATRONI_ETCD3_HOST", "10.0.0.1:2379"));

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().etcd().orElseThrow().hosts()).containsExactly("10.0.0.1:2379");
        assertThat(paths(ConfigLoader.loadForCtlFromEnvironment(Map.of()).errors())).containsExactly("etcd3");
    }
}
