package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.MINIMAL;
import static io.jpatroni.config.Fixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tags publishing, the validate-config report, default ctl config location. */
class SmallPartsTest {

    @Test
    void falseStandardTagsAreNotPublished() {
        Tags tags = load(MINIMAL + "tags:\n  nofailover: false\n  noloadbalance: true\n  clonefrom: false\n"
                + "  nosync: false\n  nostream: true\n  failover_priority: 2\n  replicatefrom: node2\n"
                + "  zone: a\n  rack: 7\n").config().tags();

        assertThat(tags.noloadbalance()).isTrue();
        assertThat(tags.published()).containsExactly(Map.entry("failover_priority", 2),
                Map.entry("noloadbalance", true), Map.entry("nostream", true), Map.entry("replicatefrom", "node2"),
                Map.entry("zone", "a"), Map.entry("rack", 7));
    }

    private static String report(LoadedConfig loaded, int[] exit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        exit[0] = ConfigReport.print(loaded, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reportOfAGoodFileIsEmptyAndExitsZero() {
        int[] exit = {-1};
        assertThat(report(load(MINIMAL), exit)).isEmpty();
        assertThat(exit[0]).isZero();
    }

    @Test
    void reportPrintsWarningsThenErrorsAndExitsOne() {
        int[] exit = {-1};
        String out = report(load(MINIMAL.replace("listen: 127.0.0.1:8008", "listen: abc") + "colour: red\n"), exit);
        assertThat(out).isEqualTo("WARNING: colour: unknown key\nERROR: restapi.listen: \"abc\" is not host:port\n");
        assertThat(exit[0]).isEqualTo(1);
    }

    @Test
    void reportWithOnlyWarningsExitsZero() {
        int[] exit = {-1};
        assertThat(report(load(MINIMAL + "colour: red\n"), exit)).startsWith("WARNING: ");
        assertThat(exit[0]).isZero();
    }

    @Test
    void ctlConfigLocationIsClicksAppDirectory() {
        String account = "/home/u";
        assertThat(ConfigLocations.ctlDefaultConfigFile(Map.of(), account))
                .isEqualTo(Path.of("/home/u/.config/patroni/patronictl.yaml"));
        assertThat(ConfigLocations.ctlDefaultConfigFile(Map.of("HOME", "/tmp/h"), account))
                .as("$HOME first, as Python's expanduser").isEqualTo(Path.of("/tmp/h/.config/patroni/patronictl.yaml"));
        assertThat(ConfigLocations.ctlDefaultConfigFile(Map.of("XDG_CONFIG_HOME", "/xdg", "HOME", "/tmp/h"), account))
                .isEqualTo(Path.of("/xdg/patroni/patronictl.yaml"));
        assertThat(ConfigLocations.ctlDefaultConfigFile(Map.of("PATRONICTL_CONFIG_FILE", "/etc/p.yml"), account))
                .as("PATRONICTL_CONFIG_FILE names a given file, it does not move the default")
                .isEqualTo(Path.of("/home/u/.config/patroni/patronictl.yaml"));
    }

    @Test
    void namespaceIsNormalised() {
        assertThat(PatroniConfigReader.normalizeNamespace("service")).isEqualTo("/service/");
        assertThat(PatroniConfigReader.normalizeNamespace("/a/b//")).isEqualTo("/a/b/");
        assertThat(load(MINIMAL).config().namespace()).isEqualTo("/service/");
    }

    @Test
    void problemRendering() {
        assertThat(ConfigProblem.of("restapi.listen", "abc", "is not host:port").render())
                .isEqualTo("restapi.listen: \"abc\" is not host:port");
        assertThat(ConfigProblem.at("name", "must be set")).hasToString("name: must be set");
    }

    @Test
    void loadsARealFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("patroni.yml");
        java.nio.file.Files.writeString(file, MINIMAL);
        LoadedConfig loaded = ConfigLoader.load(file, Map.of("PATRONI_NAME", "fromenv"));
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().name()).isEqualTo("fromenv");
    }

    @Test
    void ctlLoadingSkipsNodeOnlyChecks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("patronictl.yaml");
        java.nio.file.Files.writeString(file, "scope: demo\netcd3:\n  hosts: 127.0.0.1:2379\nctl:\n  insecure: true\n");
        LoadedConfig loaded = ConfigLoader.loadForCtl(file, Map.of());
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().ctl().insecure()).isTrue();
        assertThat(ConfigLoader.load(file, Map.of()).errors()).isNotEmpty();
    }
}
