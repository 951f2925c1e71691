package io.jpatroni.it.dcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.etcd3.Etcd3KeyValueStore;
import io.jpatroni.dcs.kv.Condition;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys and values exactly as Patroni 3.0.2 wrote them (healthy.json, and a member with non-ASCII tags), replayed into
 * etcd, read by jpatroni and written back by a member session byte for byte.
 */
class PatroniCaptureReplayIT {
    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @Test
    void readsWhatRealPatroniWrote() throws Exception {
        Etcd3Settings settings = Etcd3Settings.plain(ETCD.cluster().hosts());
        try (KeyValueStore raw = Etcd3KeyValueStore.connect(settings, Duration.ofSeconds(5));
             InputStream in = getClass().getResourceAsStream("/patroni-3.0.2/healthy.json")) {
            Map<Long, Long> leases = new HashMap<>();   // Patroni's lease id -> ours
            Map<String, String> written = new HashMap<>();
            for (JsonNode kv : new ObjectMapper().readTree(in).get("kvs")) {
                String key = decode(kv.get("key").asText());
                String value = decode(kv.path("value").asText(""));
                long lease = kv.path("lease").asLong(0);
                OptionalLong ours = lease == 0 ? OptionalLong.empty()
                        : OptionalLong.of(leases.computeIfAbsent(lease, l -> raw.grantLease(30)));
                raw.put(key, value, ours, Condition.NONE);
                written.put(key, value);
            }

            try (Dcs dcs = DcsFactory.etcd3(settings, "/service/", "demo", "observer", 30, Duration.ofSeconds(5))) {
                Cluster c = dcs.load();
                assertThat(c.initialize()).contains("7710803155684193743");
                assertThat(c.config().orElseThrow().rawJson()).isEqualTo(written.get("/service/demo/config"));
                assertThat(c.config().orElseThrow().data()).containsEntry("retry_timeout", 10);
                assertThat(c.leaderName()).contains("node3");
                Member leader = c.leader().orElseThrow().member().orElseThrow();
                assertThat(leader.role()).contains("master");
                assertThat(leader.lease()).isEqualTo(c.member("node3").orElseThrow().lease());
                assertThat(c.lastLsn()).isEqualTo(67108960L);
                assertThat(c.members()).extracting(Member::name).containsExactlyInAnyOrder("node1", "node2", "node3");
                for (Member m : c.members()) {
                    assertThat(m.lease()).isPresent();
                    assertThat(m.isRunning()).isTrue();
                    assertThat(m.version()).contains("3.0.2");
                    assertThat(m.xlogLocation()).hasValue(67108960L);
                    assertThat(m.timeline()).hasValue(1);
                    assertThat(echoed(settings, raw, m)).isEqualTo(written.get("/service/demo/members/" + m.name()));
                }
                assertThat(c.member("node1").orElseThrow().tags()).containsEntry("zone", "a");
                assertThat(c.member("node2").orElseThrow().port()).hasValue(5433);
                assertThat(c.failover()).isEmpty();
                assertThat(c.sync()).isEmpty();
                assertThat(c.timeline()).isZero();
                dcs.deleteCluster();
            }
        }
    }

    /** Non-ASCII text, escapes, floats and a huge integer in the tags: read, then written back byte for byte. */
    @Test
    void writesNonAsciiTagsAsRealPatroniWroteThem() throws Exception {
        Etcd3Settings settings = Etcd3Settings.plain(ETCD.cluster().hosts());
        String value;
        try (InputStream in = getClass().getResourceAsStream("/patroni-3.0.2/non-ascii/dcs_member_node1.value")) {
            value = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (KeyValueStore raw = Etcd3KeyValueStore.connect(settings, Duration.ofSeconds(5));
             Dcs dcs = DcsFactory.etcd3(settings, "/service/", "uni", "observer", 30, Duration.ofSeconds(5))) {
            raw.put("/service/uni/members/node1", value, OptionalLong.empty(), Condition.NONE);
            Member m = dcs.read().member("node1").orElseThrow();
            assertThat(m.tags()).containsEntry("city", "Zürich").containsEntry("note", "snow ☃ clef 𝄞");
            assertThat(echoed(settings, raw, m)).isEqualTo(value);
            dcs.deleteCluster();
        }
    }

    /** What a member session writes into etcd for {@code m}'s data (under a scope of its own). */
    private static String echoed(Etcd3Settings settings, KeyValueStore raw, Member m) {
        try (Dcs echo = DcsFactory.etcd3(settings, "/service/", "echo", m.name(), 30, Duration.ofSeconds(5))) {
            assertThat(echo.touchMember(m.data())).isTrue();
            String written = raw.get("/service/echo/members/" + m.name()).orElseThrow().value();
            echo.deleteCluster();
            return written;
        }
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
