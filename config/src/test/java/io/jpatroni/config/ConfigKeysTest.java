package io.jpatroni.config;

import static io.jpatroni.config.Fixtures.MINIMAL;
import static io.jpatroni.config.Fixtures.load;
import static io.jpatroni.config.Fixtures.paths;
import static io.jpatroni.config.Fixtures.rendered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every line of the registry does what it says: a key set in a node's file is known to the readers, a
 * refused key is an error naming it, a key not acted on is a warning naming it, and nothing else is.
 */
class ConfigKeysTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NOT_SUPPORTED = "not supported yet";

    /** Values of the right type for keys whose reader needs more than a string. */
    private static final Map<String, Object> SAMPLES = Map.ofEntries(
            Map.entry("slots", Map.of("s1", Map.of("type", "physical"))),
            Map.entry("ignore_slots", List.of(Map.of("name", "barman"))),
            Map.entry("standby_cluster", Map.of("host", "10.0.0.9", "port", 5432)),
            Map.entry("zookeeper", Map.of("hosts", List.of("zoo:2181"))),
            Map.entry("zookeeper.hosts", List.of("zoo1:2181", "zoo2:2181")),
            Map.entry("zookeeper.verify", false),
            Map.entry("zookeeper.set_acls", Map.of("CN=principal1", List.of("CREATE", "READ"))),
            Map.entry("zookeeper.auth_data", List.of(List.of("digest", "user:password"))),
            Map.entry("consul", Map.of("host", "consul:8500")),
            Map.entry("kubernetes", Map.of("labels", Map.of("app", "pg"))),
            Map.entry("raft", Map.of("self_addr", "10.0.0.1:2222")),
            Map.entry("exhibitor", Map.of("hosts", List.of("ex"), "port", 8181)),
            Map.entry("citus", Map.of("group", 0, "database", "citus")),
            Map.entry("log.static_fields", Map.of("app", "pg")),
            Map.entry("log.loggers", Map.of("patroni.postmaster", "WARNING")),
            Map.entry("restapi.allowlist", List.of("10.0.0.0/8")),
            Map.entry("restapi.request_queue_size", 10),
            Map.entry("log.type", "json"),
            Map.entry("log.traceback_level", "DEBUG"),
            Map.entry("postgresql.proxy_address", "10.0.0.5:6432"),
            Map.entry("bootstrap.<method>", Map.of()));

    static Stream<ConfigKey> keys() {
        return ConfigKeys.all().stream().filter(k -> !k.path().contains("<"));
    }

    static Stream<ConfigKey> checkedKeys() {
        return keys().filter(ConfigKey::isUnsupported);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void everyKeyIsKnownToTheReaders(ConfigKey key) {
        LoadedConfig loaded = withKey(key, sample(key));

        assertThat(loaded.warnings()).noneSatisfy(w -> assertThat(w.render()).contains("unknown key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkedKeys")
    void anUnsupportedKeyIsNamedWithWhatTheNodeDoesInstead(ConfigKey key) {
        LoadedConfig loaded = withKey(key, sample(key));
        String path = concrete(key.filePath());

        if (key.status() == KeyStatus.REFUSED) {
            assertThat(paths(loaded.errors())).contains(path);
            if (!DcsSectionReader.UNSUPPORTED.contains(path) && !"bootstrap.method".equals(path)) {
                assertThat(rendered(loaded.errors())).anySatisfy(e -> assertThat(e)
                        .startsWith(path + ": ").contains(NOT_SUPPORTED + ": " + key.consequence())
                        .contains("jpatroni refuses to run with it"));
            }
        } else {
            assertThat(loaded.errors()).isEmpty();
            assertThat(rendered(loaded.warnings())).anySatisfy(w -> assertThat(w)
                    .startsWith(path + ": ").contains(NOT_SUPPORTED + "; " + key.consequence()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void aKeyActedOnOrNotApplicableIsNeverReportedAsUnsupported(ConfigKey key) {
        if (key.isUnsupported()) {
            return;
        }
        LoadedConfig loaded = withKey(key, sample(key));

        assertThat(rendered(loaded.errors())).noneSatisfy(e -> assertThat(e).contains(NOT_SUPPORTED));
        assertThat(rendered(loaded.warnings())).noneSatisfy(w -> assertThat(w).contains(NOT_SUPPORTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkedKeys")
    void aValueThatAsksForNothingIsNotReported(ConfigKey key) {
        Object harmless = switch (key.trigger().kind()) {
            case NOT_FALSE -> false;
            case IS_NOT -> key.trigger().values().iterator().next();
            case IS -> "something else";
            case SET -> "";
        };
        if (key.milder().isPresent() && key.milder().get().trigger().matches(harmless)) {
            return;
        }
        LoadedConfig loaded = withKey(key, harmless);

        assertThat(rendered(loaded.errors())).noneSatisfy(e -> assertThat(e).contains(NOT_SUPPORTED));
        assertThat(rendered(loaded.warnings())).noneSatisfy(w -> assertThat(w).contains(NOT_SUPPORTED));
    }

    @Test
    void theTableHasOneLinePerKeyAndSaysWhatAnUnsupportedKeyCosts() {
        Set<String> seen = new HashSet<>();
        for (ConfigKey key : ConfigKeys.all()) {
            assertThat(seen.add(key.scope() + " " + key.path())).as("duplicate line %s", key.path()).isTrue();
            if (key.status() != KeyStatus.ACTED_ON) {
                assertThat(key.consequence()).as(key.path()).isNotBlank();
            }
            if (key.milder().isPresent()) {
                assertThat(key.status()).as(key.path()).isEqualTo(KeyStatus.REFUSED);
            }
        }
    }

    @Test
    void watchdogSectionAndFencingScriptsAreActedOn() {
        for (String mode : List.of("required", "automatic", "off", "auto", "Require", "disable", "disabled")) {
            LoadedConfig loaded = load(MINIMAL + "watchdog:\n  mode: " + mode + "\n  device: /tmp/wd\n"
                    + "  safety_margin: -1\n  driver: fence\n");
            assertThat(loaded.errors()).as(mode).isEmpty();
            assertThat(loaded.warnings()).as(mode).isEmpty();
        }
        LoadedConfig hooks = load(MINIMAL.replace("postgresql:\n", "postgresql:\n  pre_promote: /bin/true\n"
                + "  before_stop: /bin/true\n"));
        assertThat(hooks.errors()).isEmpty();
        assertThat(hooks.warnings()).isEmpty();
        assertThat(hooks.config().postgresql().prePromote()).contains("/bin/true");
        assertThat(hooks.config().postgresql().beforeStop()).contains("/bin/true");
    }

    @Test
    void watchdogModeIsReadAsPatroniReadsItAtRunTime() {
        Map<String, WatchdogConfig.Mode> spellings = Map.of("auto", WatchdogConfig.Mode.AUTOMATIC,
                "AUTOMATIC", WatchdogConfig.Mode.AUTOMATIC, "require", WatchdogConfig.Mode.REQUIRED,
                "Required", WatchdogConfig.Mode.REQUIRED, "disable", WatchdogConfig.Mode.OFF,
                "disabled", WatchdogConfig.Mode.OFF, "'off'", WatchdogConfig.Mode.OFF);
        spellings.forEach((word, mode) -> assertThat(load(MINIMAL + "watchdog:\n  mode: " + word + "\n").config()
                .watchdog().mode()).as(word).isEqualTo(mode));
        WatchdogConfig testing = load(MINIMAL + "watchdog:\n  driver: testing\n  device: /tmp/wd\n").config()
                .watchdog();
        assertThat(testing.driver()).isEqualTo("testing");
        assertThat(testing.device()).isEqualTo("/tmp/wd");
        assertThat(load(MINIMAL).config().watchdog()).isEqualTo(WatchdogConfig.defaults());
        assertThat(WatchdogConfig.defaults().driver()).isEqualTo("default");
    }

    @Test
    void libpqOptionsAreActedOn() {
        LoadedConfig verify = load(MINIMAL.replace("      password: replsecret\n",
                "      password: replsecret\n      sslmode: verify-full\n      channel_binding: require\n"
                        + "      gssencmode: disable\n      sslpassword: keysecret\n"));
        assertThat(verify.errors()).isEmpty();
        assertThat(verify.warnings()).isEmpty();
    }

    @Test
    void aSecretIsNamedButNeverShown() {
        LoadedConfig loaded = load(MINIMAL.replace("etcd3:\n", "etcd3:\n  key_password: keysecret\n"));

        assertThat(rendered(loaded.warnings())).containsExactly("etcd3.key_password: not supported yet; the client"
                + " key is read without a password");
    }

    @Test
    void keysFromTheEnvironmentAreCheckedToo() {
        LoadedConfig loaded = load(MINIMAL, Map.of("PATRONI_CITUS_GROUP", "0", "PATRONI_RESTAPI_ALLOWLIST",
                "10.0.0.1"));

        assertThat(paths(loaded.errors())).containsExactly("citus");
    }

    @Test
    void jpatronictlDoesNotCheckWhatOnlyTheNodesDo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("node.yml");
        Files.writeString(file, MINIMAL + "bootstrap:\n  dcs:\n    synchronous_mode: true\n");

        assertThat(ConfigLoader.loadForCtl(file, Map.of()).errors()).isEmpty();
    }

    @Test
    void theDynamicConfigurationIsCheckedWithItsOwnPaths() {
        Map<String, Object> dcs = new LinkedHashMap<>();
        dcs.put("ttl", 30);
        dcs.put("synchronous_mode", "quorum");
        dcs.put("synchronous_node_count", 2);
        dcs.put("failsafe_mode", true);
        dcs.put("ignore_slots", java.util.List.of(Map.of("name", "logical_a")));
        dcs.put("postgresql", Map.of("parameters_primary", Map.of("work_mem", "8MB")));

        UnsupportedKeys.Found found = UnsupportedKeys.inDynamic(dcs);

        assertThat(paths(found.refused())).as("ignore_slots is acted on").isEmpty();
        assertThat(paths(found.notActedOn())).containsExactly("postgresql.parameters_primary");
        assertThat(UnsupportedKeys.inDynamic(Map.of("ttl", 30, "synchronous_mode", true, "failsafe_mode", true))
                .refused()).isEmpty();
    }

    @Test
    void synchronousReplicationKeysAreActedOn() {
        Map<String, Object> dcs = new LinkedHashMap<>();
        dcs.put("synchronous_mode", true);
        dcs.put("synchronous_mode_strict", true);
        dcs.put("synchronous_node_count", 2);
        dcs.put("maximum_lag_on_syncnode", 1048576);

        UnsupportedKeys.Found found = UnsupportedKeys.inDynamic(dcs);

        assertThat(found.refused()).isEmpty();
        assertThat(found.notActedOn()).isEmpty();
        for (String key : List.of("synchronous_mode", "synchronous_mode_strict", "synchronous_node_count",
                "maximum_lag_on_syncnode")) {
            assertThat(ConfigKeys.of(ConfigKey.Scope.DYNAMIC)).filteredOn(k -> k.path().endsWith(key))
                    .isNotEmpty().allSatisfy(k -> assertThat(k.status()).isEqualTo(KeyStatus.ACTED_ON));
        }
        assertThat(ConfigKeys.all()).filteredOn(k -> k.path().equals("tags.nosync")
                || k.path().equals("tags.sync_priority")).hasSize(2)
                .allSatisfy(k -> assertThat(k.status()).isEqualTo(KeyStatus.ACTED_ON));
    }

    /** The node's minimal file with {@code value} at the key's path ({@code *} read as a sample name). */
    private static LoadedConfig withKey(ConfigKey key, Object value) {
        Map<String, Object> tree;
        try {
            tree = Maps.mutable(YamlReader.read(MINIMAL).root());
        } catch (YamlReader.SyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (key.path().startsWith("etcd.")) {
            tree.put("etcd", tree.remove("etcd3"));
        }
        if (key.path().startsWith("zookeeper.")) {   // the section is read only when no etcd section is given
            tree.remove("etcd3");
            tree.put("zookeeper", new LinkedHashMap<>(Map.of("hosts", List.of("zoo:2181"))));
        }
        put(tree, concrete(key.filePath()).split("\\."), value);
        try {
            return load(YAML.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String[] segments, Object value) {
        Map<String, Object> at = tree;
        for (int i = 0; i < segments.length - 1; i++) {
            Object next = at.get(segments[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                at.put(segments[i], next);
            }
            at = (Map<String, Object>) next;
        }
        at.put(segments[segments.length - 1], value);
    }

    private static String concrete(String path) {
        return path.replace("authentication.*", "authentication.replication").replace("bin_name.*", "bin_name.pg_ctl")
                .replace("users.*", "users.admin").replace("tags.*", "tags.zone");
    }

    private static Object sample(ConfigKey key) {
        if (SAMPLES.containsKey(key.path())) {
            return SAMPLES.get(key.path());
        }
        KeyTrigger t = key.trigger();
        return switch (t.kind()) {
            case NOT_FALSE -> true;
            case IS -> t.values().stream().sorted().findFirst().orElseThrow();
            case IS_NOT -> Stream.of("2", "json", "x").filter(v -> !t.values().contains(v)).findFirst().orElseThrow();
            case SET -> "x";
        };
    }
}
