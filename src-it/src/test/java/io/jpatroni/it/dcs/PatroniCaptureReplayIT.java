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

/** Keys and values exactly as Patroni 3.0.2 wrote them (healthy.json), replayed into etcd and read by jpatroni. */
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
                    assertThat(new io.jpatroni.dcs.kv.ClusterCodec().encodeMember(m.data()))
                            .isEqualTo(written.get("/service/demo/members/" + m.name()));
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

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
