package io.jpatroni.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DynamicConfig reads what lives in the DCS config key and writes it back unchanged. */
class DynamicConfigTest {
    /** The real value of /service/demo/config written by Patroni 3.0.2. */
    private static final String REAL_DCS_VALUE = "{\"ttl\":30,\"loop_wait\":10,\"retry_timeout\":10,"
            + "\"maximum_lag_on_failover\":1048576,\"postgresql\":{\"use_pg_rewind\":true,\"use_slots\":true,"
            + "\"parameters\":{\"max_connections\":100,\"wal_level\":\"replica\",\"hot_standby\":\"on\","
            + "\"max_wal_senders\":10,\"max_replication_slots\":10,\"wal_log_hints\":\"on\"}}}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> parse(String json) throws Exception {
        return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    @Test
    void realDcsValueRoundTripsByteForByte() throws Exception {
        DynamicConfig config = DynamicConfig.fromMap(parse(REAL_DCS_VALUE));

        assertThat(JSON.writeValueAsString(config.toMap())).isEqualTo(REAL_DCS_VALUE);
        assertThat(config.ttl()).isEqualTo(30);
        assertThat(config.loopWait()).isEqualTo(10);
        assertThat(config.retryTimeout()).isEqualTo(10);
        assertThat(config.maximumLagOnFailover()).isEqualTo(1_048_576L);
        assertThat(config.postgresql().usePgRewind()).contains(true);
        assertThat(config.postgresql().useSlots()).isTrue();
        assertThat(config.postgresql().parameters()).containsKeys("max_connections", "wal_log_hints");
    }

    @Test
    void keyOrderAndUnknownKeysArePreserved() throws Exception {
        String json = "{\"zeta\":{\"b\":1,\"a\":[1,2]},\"ttl\":40,\"postgresql\":{\"x_custom\":true,"
                + "\"parameters\":{\"z\":1,\"a\":2}},\"alpha\":null}";
        DynamicConfig config = DynamicConfig.fromMap(parse(json));

        assertThat(JSON.writeValueAsString(config.toMap())).isEqualTo(json);
        assertThat(config.ttl()).isEqualTo(40);
    }

    @Test
    void defaultsAreThoseOfPatroni() {
        DynamicConfig d = DynamicConfig.defaults();
        assertThat(d.ttl()).isEqualTo(30);
        assertThat(d.loopWait()).isEqualTo(10);
        assertThat(d.retryTimeout()).isEqualTo(10);
        assertThat(d.maximumLagOnFailover()).isEqualTo(1_048_576L);
        assertThat(d.maximumLagOnSyncnode()).isEqualTo(-1L);
        assertThat(d.maxTimelinesHistory()).isZero();
        assertThat(d.primaryStartTimeout()).isEqualTo(300);
        assertThat(d.primaryStopTimeout()).isZero();
        assertThat(d.synchronousMode()).isEqualTo(SynchronousMode.OFF);
        assertThat(d.synchronousNodeCount()).isEqualTo(1);
        assertThat(d.memberSlotsTtl()).isZero();
        assertThat(d.postgresql().useSlots()).isTrue();
        assertThat(d.postgresql().usePgRewind()).isEmpty();
        assertThat(d.standbyCluster()).isEmpty();
        assertThat(d.toMap()).isEmpty();
    }

    @Test
    void masterStartTimeoutIsAnAliasAndPrimaryWins() {
        assertThat(DynamicConfig.fromMap(Map.of("master_start_timeout", 60)).primaryStartTimeout()).isEqualTo(60);
        DynamicConfig.LoadedDynamicConfig both = DynamicConfig.validate(
                Map.of("master_start_timeout", 60, "primary_start_timeout", 90), "");
        assertThat(both.config().primaryStartTimeout()).isEqualTo(90);
        assertThat(both.warnings()).extracting(ConfigProblem::path).containsExactly("master_start_timeout");
    }

    @Test
    void tolerantOfBadValuesFromTheDcs() {
        DynamicConfig.LoadedDynamicConfig loaded = DynamicConfig.validate(
                Map.of("ttl", "abc", "pause", "yes", "synchronous_mode", "quorum", "member_slots_ttl", "2h"), "");
        assertThat(loaded.config().ttl()).isEqualTo(30);
        assertThat(loaded.config().pause()).isTrue();
        assertThat(loaded.config().synchronousMode()).isEqualTo(SynchronousMode.QUORUM);
        assertThat(loaded.config().memberSlotsTtl()).isEqualTo(7200);
        assertThat(loaded.errors()).extracting(ConfigProblem::render).containsExactly("ttl: \"abc\" is not an integer");
    }

    @Test
    void standbyClusterSlotsAndIgnoreSlots() {
        DynamicConfig config = DynamicConfig.fromMap(Map.of(
                "standby_cluster", Map.of("host", "10.0.0.1", "port", 5432, "primary_slot_name", "s"),
                "slots", Map.of("logical1", Map.of("type", "logical", "database", "db", "plugin", "pgoutput")),
                "ignore_slots", List.of(Map.of("name", "ignored"))));
        assertThat(config.standbyCluster()).hasValueSatisfying(s -> assertThat(s).containsEntry("host", "10.0.0.1"));
        assertThat(config.slots()).containsKey("logical1");
        assertThat(config.ignoreSlots()).hasSize(1);
    }

    @Test
    void patchedMergesAndNullRemoves() {
        DynamicConfig config = DynamicConfig.fromMap(Map.of("ttl", 30, "loop_wait", 10));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("loop_wait", null);
        patch.put("postgresql", Map.of("parameters", Map.of("work_mem", "8MB")));
        DynamicConfig patched = config.patched(patch);
        assertThat(patched.toMap()).containsOnlyKeys("ttl", "postgresql");
        assertThat(patched.loopWait()).isEqualTo(10);
        assertThat(patched.postgresql().parameters()).containsEntry("work_mem", "8MB");
        assertThat(config.toMap()).containsKey("loop_wait");
    }

    @Test
    void synchronousModeWritesBackAsPatroniDoes() {
        assertThat(SynchronousMode.ON.toJson()).isEqualTo(true);
        assertThat(SynchronousMode.OFF.toJson()).isEqualTo(false);
        assertThat(SynchronousMode.QUORUM.toJson()).isEqualTo("quorum");
    }
}
