package io.jpatroni.dcs.etcd3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The request bodies written by hand and the range end of a prefix; the requests themselves: src-it. */
class Etcd3GatewayKeyValueStoreTest {

    @Test
    void requestBodiesAreJsonEvenForAwkwardPasswords() throws Exception {
        String body = Etcd3GatewayKeyValueStore.obj("name", "root", "password", "a\"b\\c\nd\u0001é");
        var node = new ObjectMapper().readTree(body);
        assertThat(node.get("name").asText()).isEqualTo("root");
        assertThat(node.get("password").asText()).isEqualTo("a\"b\\c\nd\u0001é");
        assertThat(Etcd3GatewayKeyValueStore.obj()).isEqualTo("{}");
    }

    @Test
    void prefixEndIncrementsTheLastByteAsEtcdAndPatroniDo() {
        assertThat(new String(Etcd3GatewayKeyValueStore.prefixEnd("/service/demo/"), StandardCharsets.UTF_8))
                .isEqualTo("/service/demo0");
        assertThat(Etcd3GatewayKeyValueStore.prefixEnd("a\u00ff".substring(0, 1))).containsExactly('b');
    }
}
