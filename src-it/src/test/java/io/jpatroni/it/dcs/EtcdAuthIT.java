package io.jpatroni.it.dcs;

import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** etcd with {@code auth enable}: user/password as in Patroni's etcd3 section; the password never leaks. */
class EtcdAuthIT {
    private static final String PASSWORD = "s3cret-Pw-42";

    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> withAuth(EtcdCluster.start(1)));

    private static EtcdCluster withAuth(EtcdCluster etcd) {
        etcd.etcdctl("user", "add", "root:" + PASSWORD);
        etcd.etcdctl("auth", "enable");
        return etcd;
    }

    @Test
    void rightPasswordWorks() {
        Etcd3Settings s = Etcd3Settings.plain(ETCD.cluster().hosts()).withAuth("root", PASSWORD);
        assertThat(s.toString()).doesNotContain(PASSWORD);
        try (Dcs dcs = DcsFactory.etcd3(s, "/service", "auth", "a", 10, Duration.ofSeconds(5))) {
            assertThat(dcs.attemptToAcquireLeader()).isTrue();
            assertThat(dcs.load().leaderName()).contains("a");
            assertThat(dcs.deleteCluster()).isTrue();
        }
    }

    @Test
    void wrongPasswordFailsWithoutLeakingIt() {
        String wrong = "wrong-" + PASSWORD;
        Etcd3Settings s = Etcd3Settings.plain(ETCD.cluster().hosts()).withAuth("root", wrong);
        try (Dcs dcs = DcsFactory.etcd3(s, "/service", "auth", "a", 10, Duration.ofSeconds(3))) {
            assertThatThrownBy(dcs::load).isInstanceOf(DcsUnavailableException.class)
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong).doesNotContain(PASSWORD));
        }
    }

    @Test
    void noCredentialsAreRefused() {
        try (Dcs dcs = DcsFactory.etcd3(Etcd3Settings.plain(ETCD.cluster().hosts()), "/service", "auth", "a", 10, Duration.ofSeconds(3))) {
            assertThatThrownBy(dcs::attemptToAcquireLeader).isInstanceOf(DcsUnavailableException.class);
        }
    }

    @Test
    void theJsonGatewayStoreAuthenticatesToo() {
        Etcd3Settings s = Etcd3Settings.plain(ETCD.cluster().hosts()).withAuth("root", PASSWORD);
        try (Dcs dcs = DcsFactory.etcd3(s, "/service", "gw-auth", "a", 10, Duration.ofSeconds(5));
             ClusterStore store = DcsFactory.etcd3GatewayStore(s, "/service", "gw-auth", Duration.ofSeconds(5))) {
            assertThat(dcs.attemptToAcquireLeader()).isTrue();
            assertThat(store.read().leaderName()).contains("a");
            assertThat(store.deleteCluster()).isTrue();
            assertThat(dcs.load().leaderName()).isEmpty();
        }
        String wrong = "wrong-" + PASSWORD;
        try (ClusterStore store = DcsFactory.etcd3GatewayStore(Etcd3Settings.plain(ETCD.cluster().hosts())
                .withAuth("root", wrong), "/service", "gw-auth", Duration.ofSeconds(3))) {
            assertThatThrownBy(store::read).isInstanceOf(DcsUnavailableException.class)
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrong).doesNotContain(PASSWORD));
        }
        try (ClusterStore store = DcsFactory.etcd3GatewayStore(Etcd3Settings.plain(ETCD.cluster().hosts()),
                "/service", "gw-auth", Duration.ofSeconds(3))) {
            assertThatThrownBy(store::read).isInstanceOf(DcsUnavailableException.class);
        }
    }

    private static String stackText(Throwable e) {
        var w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
