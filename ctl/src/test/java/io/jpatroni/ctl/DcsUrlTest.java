package io.jpatroni.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DcsUrlTest {
    @Test
    void etcd3WithNamespace() {
        assertThat(DcsUrl.parse("etcd3://10.0.0.1:2380/pg")).isEqualTo(new DcsUrl("10.0.0.1", 2380,
                Optional.of("/pg/")));
    }

    @Test
    void bareHostDefaultsToEtcdOn2379() {
        assertThat(DcsUrl.parse("localhost")).isEqualTo(new DcsUrl("localhost", 2379, Optional.empty()));
        assertThat(DcsUrl.parse("etcd://h:1234").hostPort()).isEqualTo("h:1234");
    }

    @Test
    void otherStoresAreRefused() {
        assertThatThrownBy(() -> DcsUrl.parse("zookeeper://h")).isInstanceOf(CtlException.class);
        assertThatThrownBy(() -> DcsUrl.parse("h:8500")).hasMessageContaining("consul");
        assertThatThrownBy(() -> DcsUrl.parse("foo://h")).hasMessage("Unknown dcs scheme: foo");
    }
}
