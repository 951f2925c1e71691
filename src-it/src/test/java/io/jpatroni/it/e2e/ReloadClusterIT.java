package io.jpatroni.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterCerts;
import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.JPatroniCluster;
import io.jpatroni.it.support.JPatroniNode;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reload on a cluster of two TLS nodes. Renewed REST certificates are served after {@code POST /reload}, on the same
 * listening socket: the new certificate's serial on the next TLS connection, and no request lost meanwhile (a client
 * keeps asking during the reload). A replica's new {@code recovery_conf} is taken by the running replica (reloaded,
 * not restarted), as Patroni's check_recovery_conf does.
 */
class ReloadClusterIT {
    @RegisterExtension
    static final ClusterExtension<JPatroniCluster> CLUSTER =
            ClusterExtension.of(() -> JPatroniCluster.startWithTls("reloadtls", 2));

    @Test
    void renewedRestCertificatesAreServedAfterPostReload(JPatroniCluster cluster) throws Exception {
        JPatroniNode node = cluster.leader().orElseThrow();
        ClusterCerts certs = node.config().tls().orElseThrow();
        SSLContext tls = certs.https(true);
        int port = node.config().restPort();
        long pid = node.pid();
        BigInteger before = servedSerial(certs, port);
        assertThat(before).isEqualTo(serialOf(node.config().restCert()));

        // rotated: a new key and certificate written over the files the node's restapi section names
        certs.renewRestServerCert();
        Files.copy(certs.restServerCert(), node.config().restCert(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.restServerKey(), node.config().restKey(), StandardCopyOption.REPLACE_EXISTING);
        BigInteger renewed = serialOf(node.config().restCert());
        assertThat(renewed).isNotEqualTo(before);
        assertThat(servedSerial(certs, port)).isEqualTo(before);   // read again on reload, not on every connection

        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        List<Integer> statuses = new ArrayList<>();
        AtomicBoolean asking = new AtomicBoolean(true);
        Thread client = new Thread(() -> {
            while (asking.get()) {
                try {
                    statuses.add(http.send(HttpRequest.newBuilder(node.url("/patroni")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                } catch (Exception e) {
                    statuses.add(-1);
                }
            }
        });
        client.start();
        String auth = Base64.getEncoder().encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));
        int reload = http.send(HttpRequest.newBuilder(node.url("/reload")).header("Authorization", "Basic " + auth)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(reload).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(servedSerial(certs, port)).isEqualTo(renewed));
        asking.set(false);
        client.join(10_000);

        assertThat(statuses).isNotEmpty().containsOnly(200);
        assertThat(node.pid()).isEqualTo(pid);
    }

    @Test
    void aReplicaTakesItsNewRecoveryConfWithoutARestart(JPatroniCluster cluster) throws Exception {
        JPatroniNode replica = cluster.replicas().get(0);
        long postmaster = replica.postmasterPid().orElseThrow();
        assertThat(replica.queryOne("SHOW recovery_min_apply_delay")).isEqualTo("0");
        String yaml = Files.readString(replica.config().configFile());
        try {
            Files.writeString(replica.config().configFile(), yaml.replace("  pg_hba:\n",
                    "  recovery_conf:\n    recovery_min_apply_delay: 5s\n  pg_hba:\n"));
            replica.sighup();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(replica.queryOne("SHOW recovery_min_apply_delay")).isEqualTo("5s"));
            assertThat(replica.postmasterPid()).hasValue(postmaster);
        } finally {
            Files.writeString(replica.config().configFile(), yaml);
            replica.sighup();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(replica.queryOne("SHOW recovery_min_apply_delay")).isEqualTo("0"));
    }

    private static BigInteger serialOf(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSerialNumber();
        }
    }

    /**
     * The serial of the certificate the REST API presents to a new TLS connection: a new client context each time, as
     * a context would resume its earlier session and report the certificate of then.
     */
    private static BigInteger servedSerial(ClusterCerts certs, int port) throws Exception {
        try (SSLSocket s = (SSLSocket) certs.https(true).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
