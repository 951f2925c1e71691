package io.jpatroni.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.config.PatroniConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** patronictl's choice of configuration: -c, PATRONICTL_CONFIG_FILE, the default file, and the PATRONI_* variables. */
class CtlConfigurationTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private PatroniConfig load(Optional<Path> dashC, Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(variables);
        env.put("HOME", home.toString());
        return CtlConfiguration.load(dashC, env, "/nonexistent-account-home", err);
    }

    private Path defaultFile(String yaml) throws IOException {
        Path file = home.resolve(".config/patroni/patronictl.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withNoFileTheVariablesAloneGiveTheDcsAndTheRestApiCredentials() {
        PatroniConfig config = load(Optional.empty(), Map.of("PATRONI_ETCD3_HOST", "10.0.0.1:2379",
                "PATRONI_SCOPE", "pg", "PATRONI_RESTAPI_USERNAME", "u", "PATRONI_RESTAPI_PASSWORD", "p"));

        assertThat(config.etcd().orElseThrow().hosts()).containsExactly("10.0.0.1:2379");
        assertThat(config.scope()).isEqualTo("pg");
        assertThat(config.restapi().authentication().orElseThrow().username()).isEqualTo("u");
        assertThat(err()).isEmpty();
    }

    @Test
    void theDefaultFileIsReadWithTheVariablesOverIt() throws IOException {
        defaultFile("""
                scope: fromfile
                etcd3:
                  hosts: 127.0.0.1:1
                ctl:
                  insecure: true
                """);

        PatroniConfig config = load(Optional.empty(), Map.of("PATRONI_ETCD3_HOSTS", "10.0.0.1:2379,10.0.0.2:2379"));

        assertThat(config.scope()).isEqualTo("fromfile");
        assertThat(config.ctl().insecure()).isTrue();
        assertThat(config.etcd().orElseThrow().hosts()).as("the variable wins")
                .containsExactly("10.0.0.1:2379", "10.0.0.2:2379");
    }

    @Test
    void theDefaultFileFollowsXdgConfigHome() throws IOException {
        Path xdg = home.resolve("xdg");
        Files.createDirectories(xdg.resolve("patroni"));
        Files.writeString(xdg.resolve("patroni/patronictl.yaml"), "scope: xdg\n");
        defaultFile("scope: notthisone\n");

        assertThat(load(Optional.empty(), Map.of("XDG_CONFIG_HOME", xdg.toString())).scope()).isEqualTo("xdg");
    }

    @Test
    void patronictlConfigFileIsReadLikeDashCAndDashCWins() throws IOException {
        Path named = home.resolve("named.yml");
        Files.writeString(named, "scope: named\n");
        Path other = home.resolve("other.yml");
        Files.writeString(other, "scope: other\n");
        defaultFile("scope: default\n");

        assertThat(load(Optional.empty(), Map.of("PATRONICTL_CONFIG_FILE", named.toString())).scope())
                .isEqualTo("named");
        assertThat(load(Optional.of(other), Map.of("PATRONICTL_CONFIG_FILE", named.toString())).scope())
                .isEqualTo("other");
        assertThat(load(Optional.of(other), Map.of("PATRONI_SCOPE", "env")).scope()).isEqualTo("env");
    }

    @Test
    void aNamedFileThatCannotBeReadIsAnErrorButAMissingDefaultIsNot() {
        Path missing = home.resolve("missing.yml");
        String expected = "Provided config file " + missing
                + " not existing or no read rights. Check the -c/--config-file parameter";

        assertThatThrownBy(() -> load(Optional.of(missing), Map.of())).hasMessage(expected);
        assertThatThrownBy(() -> load(Optional.empty(), Map.of("PATRONICTL_CONFIG_FILE", missing.toString())))
                .hasMessage(expected);
        assertThat(load(Optional.of(home.resolve(".config/patroni/patronictl.yaml")), Map.of()).etcd()).isEmpty();
    }

    @Test
    void patroniConfigurationHoldsTheWholeYamlWhenThereIsNoFile() {
        PatroniConfig config = load(Optional.empty(), Map.of("PATRONI_CONFIGURATION",
                "scope: whole\netcd3:\n  hosts: 10.0.0.9:2379\n", "PATRONI_SCOPE", "ignored"));

        assertThat(config.scope()).isEqualTo("whole");
        assertThat(config.etcd().orElseThrow().hosts()).containsExactly("10.0.0.9:2379");
    }

    @Test
    void problemsAreWarningsNamingWhereTheyCameFromButAMissingDcsIsLeftToTheVerb() throws IOException {
        load(Optional.empty(), Map.of());
        assertThat(err()).as("no DCS: the verb that needs one says so").isEmpty();

        load(Optional.empty(), Map.of("PATRONI_ETCD3_HOST", "h:notaport"));
        assertThat(err()).isEqualTo("WARNING: environment: etcd3.hosts: \"h:notaport\" is not host:port\n");

        errBytes.reset();
        Path file = defaultFile("etcd3:\n  hosts: h:notaport\n");
        load(Optional.empty(), Map.of());
        assertThat(err()).isEqualTo("WARNING: " + file + ": etcd3.hosts: \"h:notaport\" is not host:port\n");
    }
}
