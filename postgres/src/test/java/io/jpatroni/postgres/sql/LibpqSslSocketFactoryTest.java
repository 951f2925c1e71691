package io.jpatroni.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpatroni.postgres.TestPki;
import io.jpatroni.tls.PemKeyStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes between {@link LibpqSslSocketFactory} and an in-process server holding a certificate of the
 * test CA (or of another CA), which records the client certificate it got.
 */
class LibpqSslSocketFactoryTest {
    @TempDir
    static Path dir;
    private static TestPki pki;
    private SSLServerSocket server;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.generate(dir);
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void verifyCaWithTheRightRootSendsTheUsersCertificateInEveryKeyFormat() throws Exception {
        assertThat(handshake("server", "ca", options("verify-ca", "postgres.crt", "postgres.key", "ca.crt")))
                .isEqualTo("CN=postgres");
        assertThat(handshake("server", "ca", options("verify-ca", "replicator.crt", "replicator.key", "ca.crt")))
                .as("SEC1 EC key").isEqualTo("CN=replicator");
        Properties encrypted = options("verify-ca", "rewind_user.crt", "rewind_user.enc.key", "ca.crt");
        encrypted.setProperty(LibpqSslSocketFactory.PREFIX + "sslpassword", TestPki.KEY_PASSWORD);
        assertThat(handshake("server", "ca", encrypted)).isEqualTo("CN=rewind_user");
    }

    @Test
    void anEncryptedKeyWithoutSslpasswordIsTheConnectionsError() {
        assertThatThrownBy(() -> handshake("server", "ca", options("verify-ca", "rewind_user.crt",
                "rewind_user.enc.key", "ca.crt"))).isInstanceOf(IOException.class)
                .hasMessageContaining("could not load private key file \"" + pki.path("rewind_user.enc.key"))
                .hasMessageContaining("sslpassword");
    }

    @Test
    void theServerChainIsCheckedWheneverTheRootFileExistsAsLibpqDoes() throws Exception {
        assertThatThrownBy(() -> handshake("other-server", "ca", options("verify-ca", "postgres.crt",
                "postgres.key", "ca.crt"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> handshake("other-server", "ca", options("require", "postgres.crt",
                "postgres.key", "ca.crt"))).as("require with a root file is verify-ca").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> handshake("other-server", "ca", options("prefer", "postgres.crt",
                "postgres.key", "ca.crt"))).as("so is prefer").isInstanceOf(IOException.class);
        assertThat(handshake("other-server", "ca", options("require", "postgres.crt", "postgres.key",
                "missing-root.crt"))).as("no root file: encrypted, not verified").isEqualTo("CN=postgres");
        assertThatThrownBy(() -> handshake("server", "ca", options("verify-ca", "postgres.crt", "postgres.key",
                "missing-root.crt"))).hasMessageContaining("root certificate file \"" + pki.path("missing-root.crt")
                + "\" does not exist");
    }

    @Test
    void noCertificateFileMeansNoClientCertificate() throws Exception {
        assertThat(handshake("server", "ca", options("verify-ca", "missing.crt", "missing.key", "ca.crt")))
                .isEqualTo("no client certificate");
        assertThatThrownBy(() -> handshake("server", "ca", options("verify-ca", "postgres.crt", "missing.key",
                "ca.crt"))).hasMessageContaining("certificate present, but not private key file");
    }

    @Test
    void revocationListsOfTheFileAndOfTheDirectoryAreChecked() throws Exception {
        Properties clean = options("verify-ca", "postgres.crt", "postgres.key", "ca.crt");
        clean.setProperty(LibpqSslSocketFactory.PREFIX + "sslcrl", pki.path("ca.crl"));
        assertThat(handshake("server", "ca", clean)).isEqualTo("CN=postgres");

        Properties revoked = options("verify-ca", "postgres.crt", "postgres.key", "ca.crt");
        revoked.setProperty(LibpqSslSocketFactory.PREFIX + "sslcrl", pki.path("server-revoked.crl"));
        assertThatThrownBy(() -> handshake("server", "ca", revoked)).isInstanceOf(IOException.class)
                .hasStackTraceContaining("revoked");

        Path crlDir = Files.createDirectories(dir.resolve("crl.d"));
        Files.copy(pki.file("server-revoked.crl"), crlDir.resolve("a1b2c3d4.r0"));
        Properties inDir = options("verify-ca", "postgres.crt", "postgres.key", "ca.crt");
        inDir.setProperty(LibpqSslSocketFactory.PREFIX + "sslcrl", pki.path("missing.crl"));
        inDir.setProperty(LibpqSslSocketFactory.PREFIX + "sslcrldir", crlDir.toString());
        assertThatThrownBy(() -> handshake("server", "ca", inDir)).isInstanceOf(IOException.class)
                .hasStackTraceContaining("revoked");
    }

    @Test
    void theCertificateIsSentEvenWhenTheServerListsOtherAuthorities() throws Exception {
        assertThat(handshake("server", "other-ca", options("verify-ca", "postgres.crt", "postgres.key",
                "ca.crt"))).isEqualTo("CN=postgres");
    }

    private static Properties options(String mode, String cert, String key, String root) {
        Properties p = new Properties();
        Map.of("sslmode", mode, "sslcert", pki.path(cert), "sslkey", pki.path(key), "sslrootcert", pki.path(root))
                .forEach((k, v) -> p.setProperty(LibpqSslSocketFactory.PREFIX + k, v));
        return p;
    }

    /**
     * One handshake against a server presenting {@code serverCert}, asking for a client certificate and naming
     * {@code listedCa} as the authority it accepts (it accepts any); the client certificate's subject it got.
     */
    private String handshake(String serverCert, String listedCa, Properties client) throws Exception {
        KeyStore keys = PemKeyStores.keyStore(pki.file(serverCert + ".crt"),
                Optional.of(pki.file(serverCert + ".key")), Optional.empty());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PemKeyStores.STORE_PASSWORD);
        X509Certificate listed = (X509Certificate) PemKeyStores.trustStore(pki.file(listedCa + ".crt"))
                .getCertificate("ca0");
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), new X509TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[] {listed};
            }
        }}, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress());
        server.setWantClientAuth(true);
        CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.startHandshake();
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
                try {
                    return s.getSession().getPeerPrincipal().getName();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    return "no client certificate";
                }
            } catch (IOException e) {
                return "server failed: " + e;
            }
        });
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             SSLSocket s = (SSLSocket) new LibpqSslSocketFactory(client).createSocket(plain, "127.0.0.1",
                     server.getLocalPort(), true)) {
            s.setUseClientMode(true);
            s.startHandshake();
            assertThat(s.getInputStream().read()).isEqualTo(1);
        }
        return seen.get(10, TimeUnit.SECONDS);
    }

}
