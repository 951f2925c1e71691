package io.jpatroni.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.ctl.DcsUrl.Store;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DcsUrlTest {
    @Test
    void etcd3WithNamespace() {
        assertThat(DcsUrl.parse("etcd3://10.0.0.1:2380/pg")).isEqualTo(new DcsUrl(Store.ETCD, "10.0.0.1", 2380,
                Optional.of("/pg/")));
    }

    @Test
    void bareHostDefaultsToEtcdOn2379() {
        assertThat(DcsUrl.parse("localhost")).isEqualTo(new DcsUrl(Store.ETCD, "localhost", 2379, Optional.empty()));
        assertThat(DcsUrl.parse("etcd://h:1234").hostPort()).isEqualTo("h:1234");
    }

    @Test
    void zookeeperBySchemeOrByItsPort() {
        assertThat(DcsUrl.parse("zookeeper://zoo")).isEqualTo(new DcsUrl(Store.ZOOKEEPER, "zoo", 2181,
                Optional.empty()));
        assertThat(DcsUrl.parse("zookeeper://127.0.0.1:21810/pg")).isEqualTo(new DcsUrl(Store.ZOOKEEPER,
                "127.0.0.1", 21810, Optional.of("/pg/")));
        assertThat(DcsUrl.parse("zoo:2181").store()).as("patronictl's choice by port").isEqualTo(Store.ZOOKEEPER);
    }

    @Test
    void otherStoresAreRefused() {
        assertThatThrownBy(() -> DcsUrl.parse("exhibitor://h")).isInstanceOf(CtlException.class);
        assertThatThrownBy(() -> DcsUrl.parse("h:8500")).hasMessageContaining("consul");
        assertThatThrownBy(() -> DcsUrl.parse("foo://h")).hasMessage("Unknown dcs scheme: foo");
    }
}
