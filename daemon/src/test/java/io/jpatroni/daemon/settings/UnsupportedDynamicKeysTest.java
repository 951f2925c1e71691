package io.jpatroni.daemon.settings;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jpatroni.config.ConfigLoader;
import io.jpatroni.config.ConfigProblem;
import io.jpatroni.config.PatroniConfig;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.ClusterConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A dynamic key jpatroni does not support, arriving through the DCS, is named once per change. */
class UnsupportedDynamicKeysTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(UnsupportedDynamicKeys.class);

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    @Test
    void editConfigMemberSlotsTtlIsNamedOnceWhileItStays() {
        UnsupportedDynamicKeys keys = new UnsupportedDynamicKeys(Map.of("ttl", 30));

        List<ConfigProblem> first = keys.observe(config("max_timelines_history", "10"));
        List<ConfigProblem> again = keys.observe(config("max_timelines_history", "10"));
        List<ConfigProblem> otherEdit = keys.observe(config("max_timelines_history", "10", "loop_wait", 5));

        assertThat(first).extracting(ConfigProblem::path).containsExactly("max_timelines_history");
        assertThat(again).isEmpty();
        assertThat(otherEdit).isEmpty();
        assertThat(logs.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("The cluster's dynamic configuration: max_timelines_history:")
                    .contains("is not supported yet");
        });
    }

    @Test
    void slotsAndIgnoreSlotsAreNoLongerNamed() {
        UnsupportedDynamicKeys keys = new UnsupportedDynamicKeys(Map.of());

        assertThat(keys.observe(config("slots", Map.of("cdc", Map.of("database", "app", "plugin", "test_decoding")),
                "ignore_slots", List.of(Map.of("name", "logical_a"))))).isEmpty();
        assertThat(logs.list).isEmpty();
    }

    @Test
    void aNewValueOrAKeyThatComesBackIsNamedAgain() {
        UnsupportedDynamicKeys keys = new UnsupportedDynamicKeys(Map.of());

        keys.observe(config("max_timelines_history", "10"));
        assertThat(keys.observe(config("max_timelines_history", "20"))).hasSize(1);
        assertThat(keys.observe(config("ttl", 30))).isEmpty();
        assertThat(keys.observe(config("max_timelines_history", "20"))).hasSize(1);
        assertThat(logs.list).hasSize(3);
    }

    @Test
    void aKeyNotActedOnIsAWarning_keysNamedAtStartupAreNotRepeated() {
        UnsupportedDynamicKeys keys = new UnsupportedDynamicKeys(config("max_timelines_history", 2));

        assertThat(keys.observe(config("max_timelines_history", 2, "ttl", 30))).isEmpty();
        assertThat(keys.observe(config("max_timelines_history", 3))).extracting(ConfigProblem::render)
                .containsExactly("max_timelines_history: \"3\" is not supported yet; the history key keeps every"
                        + " timeline");
        assertThat(logs.list).singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.WARN);
    }

    @Test
    void synchronousReplicationAndFailsafeKeysAreNoLongerNamed() {
        UnsupportedDynamicKeys keys = new UnsupportedDynamicKeys(Map.of());

        assertThat(keys.observe(config("synchronous_mode", true, "synchronous_mode_strict", true,
                "synchronous_node_count", 2, "maximum_lag_on_syncnode", 1024, "failsafe_mode", true))).isEmpty();
        assertThat(keys.observe(config("synchronous_mode", "quorum"))).isEmpty();
        assertThat(logs.list).isEmpty();
    }

    @Test
    void theSettingsResolverChecksTheClustersConfigKeyEachCycle() {
        SettingsResolver resolver = new SettingsResolver(node());

        resolver.settings(Optional.of(withConfig(config("ttl", 30, "max_timelines_history", "10"))));
        resolver.settings(Optional.of(withConfig(config("ttl", 30, "max_timelines_history", "10"))));

        assertThat(logs.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("max_timelines_history", "is not supported yet");
        });
    }

    private static Map<String, Object> config(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private PatroniConfig node() {
        return ConfigLoader.loadFromString("""
                scope: demo
                name: node1
                etcd3: {hosts: 127.0.0.1:2379}
                restapi: {listen: 127.0.0.1:8008, connect_address: 127.0.0.1:8008}
                postgresql:
                  listen: 127.0.0.1:5432
                  connect_address: 127.0.0.1:5432
                  data_dir: %s
                  authentication: {superuser: {username: postgres}, replication: {username: replicator}}
                """.formatted(dir), Map.of()).config();
    }

    private static Cluster withConfig(Map<String, Object> data) {
        Cluster e = Cluster.empty();
        return new Cluster(e.initialize(), Optional.of(new ClusterConfig(3, "{}", data)), e.leader(), e.status(),
                e.members(), e.failover(), e.sync(), e.history(), e.failsafe());
    }
}
