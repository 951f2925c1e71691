package io.jpatroni.daemon.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.DynamicConfig;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.daemon.decision.HaSettings;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
    @TempDir
    Path dir;

    private PatroniConfig config(String extra) {
        String yaml = """
                scope: demo
                name: node1
                etcd3: {hosts: 127.0.0.1:2379}
                restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
                bootstrap:
                  dcs: {ttl: 20, loop_wait: 2, retry_timeout: 5, postgresql: {use_pg_rewind: true}}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: %s
                  authentication: {superuser: {username: postgres}, replication: {username: replicator}}
                %s
                """.formatted(dir, extra);
        return ConfigLoader.loadFromString(yaml, Map.of()).config();
    }

    @Test
    void beforeTheClusterHasAConfigBootstrapDcsApplies() {
        HaSettings s = new SettingsResolver(config("")).settings(Optional.of(Cluster.empty()));

        assertThat(s.ttl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.loopWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.usePgRewind()).isTrue();
        assertThat(s.me()).isEqualTo("node1");
    }

    @Test
    void theClustersConfigKeyWinsOverBootstrapAndIsKeptWhenTheDcsIsGone() {
        SettingsResolver r = new SettingsResolver(config("tags: {nofailover: true}"));
        Cluster c = withConfig("{\"ttl\":40,\"loop_wait\":7,\"retry_timeout\":9,\"maximum_lag_on_failover\":5}");

        assertThat(r.settings(Optional.of(c)).ttl()).isEqualTo(Duration.ofSeconds(40));
        HaSettings whileDcsDown = r.settings(Optional.empty());
        assertThat(whileDcsDown.loopWait()).isEqualTo(Duration.ofSeconds(7));
        assertThat(whileDcsDown.maximumLagOnFailover()).isEqualTo(5);
        assertThat(whileDcsDown.noFailover()).isTrue();
    }

    @Test
    void aChangedConfigKeyIsAnnouncedOnceNotEveryCycle() {
        SettingsResolver r = new SettingsResolver(config(""));
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        r.onDynamicChange(changes::incrementAndGet);
        String same = "{\"ttl\":20,\"loop_wait\":2,\"retry_timeout\":5,\"postgresql\":{\"use_pg_rewind\":true}}";
        String hba = "{\"ttl\":20,\"loop_wait\":2,\"retry_timeout\":5,\"postgresql\":{\"use_pg_rewind\":true,"
                + "\"pg_hba\":[\"local all all trust\"]}}";

        r.settings(Optional.of(withConfig(same)));
        r.settings(Optional.of(withConfig(same)));
        assertThat(changes).as("the key says what bootstrap.dcs said").hasValue(0);

        r.settings(Optional.of(withConfig(hba)));
        r.settings(Optional.of(withConfig(hba)));
        r.settings(Optional.empty());
        assertThat(changes).hasValue(1);
        assertThat(r.effective().pgHba()).contains(java.util.List.of("local all all trust"));

        r.settings(Optional.of(withConfig(same)));
        assertThat(changes).hasValue(2);
        assertThat(r.dynamic().toMap()).isEqualTo(DynamicConfig.fromMap(withConfig(same).config().orElseThrow()
                .data()).toMap());
    }

    @Test
    void settingsAreComputedAgainOnlyWhenAConfigurationChanged() {
        SettingsResolver r = new SettingsResolver(config(""));
        String key = "{\"ttl\":20,\"loop_wait\":2,\"retry_timeout\":5}";
        HaSettings first = r.settings(Optional.of(withConfig(key)));
        assertThat(r.settings(Optional.of(withConfig(key)))).isSameAs(first);

        HaSettings newKey = r.settings(Optional.of(withConfig("{\"ttl\":20,\"loop_wait\":3,\"retry_timeout\":5}")));
        assertThat(newKey.loopWait()).isEqualTo(Duration.ofSeconds(3));

        r.reload(config("tags: {nofailover: true}"));
        HaSettings reloaded = r.settings(Optional.of(withConfig("{\"ttl\":20,\"loop_wait\":3,\"retry_timeout\":5}")));
        assertThat(reloaded).isNotSameAs(newKey);
        assertThat(reloaded.noFailover()).isTrue();
    }

    @Test
    void dynamicJsonCacheIsWrittenAsPatroniWritesItAndReadAtStartup() throws Exception {
        Files.writeString(dir.resolve("PG_VERSION"), "15\n");
        String captured = Files.readString(Path.of(getClass().getResource("/leader_patroni.dynamic.json").toURI()),
                StandardCharsets.UTF_8).strip();
        SettingsResolver r = new SettingsResolver(config(""));
        r.settings(Optional.of(withConfig(compact(captured))));

        r.cacheInDataDirectory(dir);

        assertThat(Files.readString(dir.resolve(SettingsResolver.DYNAMIC_CACHE))).isEqualTo(captured);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve(SettingsResolver.DYNAMIC_CACHE)))).as("as Patroni's mkstemp: 0600").isEqualTo("rw-------");
        assertThat(new SettingsResolver(config("")).dynamic().ttl()).isEqualTo(30);
    }

    @Test
    void nonAsciiConfigWrittenAsPatroniWritesItToTheDcsAndTheCache() throws Exception {
        Files.writeString(dir.resolve("PG_VERSION"), "15\n");
        String dcsValue = resource("/patroni-3.0.2/non-ascii/dcs_config_bootstrap.value");
        SettingsResolver r = new SettingsResolver(config(""));
        r.settings(Optional.of(withConfig(dcsValue)));

        r.cacheInDataDirectory(dir);

        assertThat(Files.readString(dir.resolve(SettingsResolver.DYNAMIC_CACHE)))
                .isEqualTo(resource("/patroni-3.0.2/non-ascii/patroni.dynamic.json"));
        try (Dcs dcs = DcsFactory.inMemory(new InMemoryKeyValueStore(), "/service/", "demo", "node1", 30)) {
            dcs.setConfig(r.dynamic().toMap(), OptionalLong.empty());   // what the leader writes when it is missing
            assertThat(dcs.read().config().orElseThrow().rawJson()).isEqualTo(dcsValue);
        }
    }

    private String resource(String name) throws Exception {
        return Files.readString(Path.of(getClass().getResource(name).toURI()), StandardCharsets.UTF_8);
    }

    private static String compact(String json) throws Exception {
        ObjectMapper m = new ObjectMapper();
        return m.writeValueAsString(m.readTree(json));
    }

    @SuppressWarnings("unchecked")
    private static Cluster withConfig(String json) {
        try {
            Map<String, Object> data = new ObjectMapper().readValue(json, Map.class);
            Cluster e = Cluster.empty();
            return new Cluster(e.initialize(), Optional.of(new ClusterConfig(3, json, data)), e.leader(), e.status(),
                    e.members(), e.failover(), e.sync(), e.history(), e.failsafe());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void dynamicConfigDefaultsAreUsedForMissingKeys() {
        assertThat(DynamicConfig.fromMap(Map.of()).ttl()).isEqualTo(30);
    }

    @Test
    void permanentLogicalSlotsTurnHotStandbyFeedbackOnUnlessNofailoverOrWithoutUseSlots() {
        String logical = "{\"slots\":{\"cdc\":{\"database\":\"app\",\"plugin\":\"test_decoding\"}}}";
        String physical = "{\"slots\":{\"ext\":{\"type\":\"physical\"}}}";
        String noSlots = "{\"slots\":{\"cdc\":{\"database\":\"app\",\"plugin\":\"test_decoding\"}},"
                + "\"postgresql\":{\"use_slots\":false}}";

        SettingsResolver r = new SettingsResolver(config(""));
        assertThat(r.settings(Optional.of(withConfig(logical))).parameters())
                .containsEntry("hot_standby_feedback", "on");
        assertThat(r.parameters()).containsEntry("hot_standby_feedback", "on");
        assertThat(r.settings(Optional.of(withConfig(physical))).parameters()).doesNotContainKey("hot_standby_feedback");
        assertThat(r.settings(Optional.of(withConfig(noSlots))).parameters()).doesNotContainKey("hot_standby_feedback");
        assertThat(new SettingsResolver(config("tags: {nofailover: true}")).settings(Optional.of(withConfig(logical)))
                .parameters()).doesNotContainKey("hot_standby_feedback");
    }
}
