package io.jpatroni.it.dcs;

import io.jpatroni.dcs.Dcs;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.TlsFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** https with a private CA and client-certificate auth (Patroni's cacert/cert/key). */
class EtcdTlsIT {
    @Test
    void mutualTls(@TempDir Path dir) {
        TlsFiles tls = TlsFiles.generate(dir, true);
        try (EtcdCluster etcd = EtcdCluster.start(1, tls)) {
            Etcd3Settings ok = Etcd3Settings.plain(etcd.hosts())
                    .withTls(tls.ca(), Optional.of(tls.clientCert()), Optional.of(tls.clientKey()));
            try (Dcs dcs = DcsFactory.etcd3(ok, "/service", "tls", "a", 10, Duration.ofSeconds(5))) {
                assertThat(dcs.attemptToAcquireLeader()).isTrue();
                assertThat(dcs.load().leaderName()).contains("a");
            }
            Etcd3Settings noClientCert = Etcd3Settings.plain(etcd.hosts()).withTls(tls.ca(), Optional.empty(), Optional.empty());
            try (Dcs dcs = DcsFactory.etcd3(noClientCert, "/service", "tls", "b", 10, Duration.ofSeconds(2))) {
                assertThatThrownBy(dcs::load).isInstanceOf(DcsUnavailableException.class);
            }
            // jpatronictl's store, through the JSON gateway over the same TLS
            try (ClusterStore store = DcsFactory.etcd3GatewayStore(ok, "/service", "tls", Duration.ofSeconds(5))) {
                assertThat(store.read().leaderName()).contains("a");
            }
            try (ClusterStore store = DcsFactory.etcd3GatewayStore(noClientCert, "/service", "tls",
                    Duration.ofSeconds(2))) {
                assertThatThrownBy(store::read).isInstanceOf(DcsUnavailableException.class);
            }
            Etcd3Settings otherCa = Etcd3Settings.plain(etcd.hosts()).withTls(tls.clientCert(),
                    Optional.of(tls.clientCert()), Optional.of(tls.clientKey()));
            try (ClusterStore store = DcsFactory.etcd3GatewayStore(otherCa, "/service", "tls",
                    Duration.ofSeconds(2))) {
                assertThatThrownBy(store::read).as("a server certificate the CA did not sign")
                        .isInstanceOf(DcsUnavailableException.class);
            }
        }
    }

    /**
     * A reload with client certificate files changed in place: a new client reads them (a certificate of another CA is
     * refused by etcd, the renewed one of the same CA is accepted); unchanged files keep the client.
     */
    @Test
    void reconnectTakesRenewedClientCertificates(@TempDir Path dir) throws Exception {
        TlsFiles tls = TlsFiles.generate(dir, true);
        TlsFiles otherCa = TlsFiles.generate(Files.createDirectories(dir.resolve("other")), true);
        Path cert = dir.resolve("live.crt");
        Path key = dir.resolve("live.key");
        Files.copy(tls.clientCert(), cert);
        Files.copy(tls.clientKey(), key);
        try (EtcdCluster etcd = EtcdCluster.start(1, tls)) {
            Etcd3Settings live = Etcd3Settings.plain(etcd.hosts())
                    .withTls(tls.ca(), Optional.of(cert), Optional.of(key));
            try (Dcs dcs = DcsFactory.etcd3(live, "/service", "tlsreload", "a", 10, Duration.ofSeconds(3))) {
                assertThat(dcs.attemptToAcquireLeader()).isTrue();
                assertThat(dcs.reconnect(live)).isFalse();

                Files.copy(otherCa.clientCert(), cert, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(otherCa.clientKey(), key, StandardCopyOption.REPLACE_EXISTING);
                assertThat(dcs.reconnect(live)).isTrue();
                assertThatThrownBy(dcs::load).isInstanceOf(DcsUnavailableException.class);

                Files.copy(tls.clientCert(), cert, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(tls.clientKey(), key, StandardCopyOption.REPLACE_EXISTING);
                assertThat(dcs.reconnect(live)).isTrue();
                assertThat(dcs.load().leaderName()).contains("a");
            }
        }
    }
}
