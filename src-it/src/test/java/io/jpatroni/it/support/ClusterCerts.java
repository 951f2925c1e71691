package io.jpatroni.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The certificates of a TLS test cluster, made with openssl ({@link TlsFiles} gives the CA, PostgreSQL's server
 * certificate and the REST client certificate of HAProxy, the peers and the ctls; the REST APIs get their own). PostgreSQL users get client certificates whose keys come in the formats libpq reads: the superuser a
 * PKCS#8 RSA key, the replication user a SEC1 EC key, the rewind user an encrypted PKCS#8 key (with
 * {@link #REWIND_KEY_PASSWORD}, and an empty CRL of the CA to check). The test's own clients use copies in the
 * formats pgjdbc and the JDK read (a DER PKCS#8 key, a PKCS#12 bundle).
 */
public record ClusterCerts(Path dir, TlsFiles base) {
    public static final String REWIND_KEY_PASSWORD = "rewind key secret";
    private static final String P12_PASSWORD = "changeit";

    public static ClusterCerts generate(Path dir) {
        try {
            Files.createDirectories(dir);
            TlsFiles base = TlsFiles.generate(dir, true);
            ClusterCerts c = new ClusterCerts(dir, base);
            Path ca = base.ca();
            Path caKey = dir.resolve("ca.key");
            Path ext = dir.resolve("san.ext");
            TlsFiles.sign(dir, "postgres", ca, caKey, ext);
            openssl(dir, "ecparam", "-genkey", "-name", "prime256v1", "-out", "replicator.key");
            openssl(dir, "req", "-new", "-key", "replicator.key", "-out", "replicator.csr", "-subj", "/CN=replicator");
            openssl(dir, "x509", "-req", "-in", "replicator.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "replicator.crt");
            TlsFiles.sign(dir, "rewind_user", ca, caKey, ext);
            // the REST APIs' certificate names the address only: patronictl's urllib3 (with pyOpenSSL, without the
            // idna module on Debian 12) fails on any DNS name in a server certificate
            Files.writeString(dir.resolve("rest.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
            TlsFiles.sign(dir, "rest-server", ca, caKey, dir.resolve("rest.ext"));
            openssl(dir, "pkcs8", "-topk8", "-in", "rewind_user.pk8.key", "-out", "rewind_user.enc.key", "-passout",
                    "pass:" + REWIND_KEY_PASSWORD, "-v2", "aes-256-cbc");
            Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\n"
                    + "crlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=2\n");
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("crlnumber"), "01\n");
            openssl(dir, "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.crt", "-out",
                    "ca.crl");
            // HAProxy's crt: certificate and key in one file; the test's JDBC key as DER PKCS#8; its HTTPS bundle
            Files.writeString(dir.resolve("haproxy-client.pem"), Files.readString(base.clientCert())
                    + Files.readString(base.clientKey()));
            openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "postgres.pk8.key", "-outform", "DER", "-out",
                    "postgres.der.pk8");
            openssl(dir, "pkcs12", "-export", "-in", base.clientCert().toString(), "-inkey",
                    base.clientKey().toString(), "-out", "client.p12", "-passout", "pass:" + P12_PASSWORD);
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".key") || f.toString().endsWith(".pk8")
                        || f.toString().endsWith(".pem")).toList()) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                }
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) {
        TlsFiles.openssl(dir, args);
    }

    public Path ca() {
        return base.ca();
    }

    public Path crl() {
        return dir.resolve("ca.crl");
    }

    /** PostgreSQL's certificate (127.0.0.1, localhost). */
    public Path serverCert() {
        return base.serverCert();
    }

    public Path serverKey() {
        return base.serverKey();
    }

    /** The REST APIs' certificate (IP:127.0.0.1 only). */
    public Path restServerCert() {
        return dir.resolve("rest-server.crt");
    }

    public Path restServerKey() {
        return dir.resolve("rest-server.pk8.key");
    }

    /**
     * Renews the REST APIs' certificate: a new key and a new certificate (a new serial) from the same CA, written over
     * {@link #restServerCert()} and {@link #restServerKey()}, as a certificate rotation does.
     */
    public void renewRestServerCert() {
        TlsFiles.sign(dir, "rest-server", base.ca(), dir.resolve("ca.key"), dir.resolve("rest.ext"));
        try {
            Files.setPosixFilePermissions(restServerKey(), PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The REST client certificate (ctl section, HAProxy, the test). */
    public Path restClientCert() {
        return base.clientCert();
    }

    public Path restClientKey() {
        return base.clientKey();
    }

    public Path haproxyPem() {
        return dir.resolve("haproxy-client.pem");
    }

    public Path userCert(String user) {
        return dir.resolve(user + ".crt");
    }

    /** {@code postgres}: PKCS#8; {@code replicator}: SEC1 EC; {@code rewind_user}: encrypted PKCS#8. */
    public Path userKey(String user) {
        return dir.resolve(switch (user) {
            case "replicator" -> "replicator.key";
            case "rewind_user" -> "rewind_user.enc.key";
            default -> user + ".pk8.key";
        });
    }

    /** Query parameters for the test's own JDBC URLs: the superuser's certificate, pgjdbc's key format. */
    public String jdbcParameters() {
        return "?sslmode=verify-ca&sslrootcert=" + ca() + "&sslcert=" + userCert("postgres") + "&sslkey="
                + dir.resolve("postgres.der.pk8");
    }

    /**
     * An HTTPS client context trusting the CA (the chain is checked, not the host name: a test may give a node a
     * certificate for another name), presenting the REST client certificate or none.
     */
    public SSLContext https(boolean clientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(ca())) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("ca" + trust.size(), c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCertificate) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
                    keys.load(in, P12_PASSWORD.toCharArray());
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, P12_PASSWORD.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            X509ExtendedTrustManager chain = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
            context.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {new ChainOnly(chain)}, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("test HTTPS client: " + e, e);
        }
    }

    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager chain;

        ChainOnly(X509ExtendedTrustManager chain) {
            this.chain = chain;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            chain.checkServerTrusted(c, a);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            chain.checkServerTrusted(c, a);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
            chain.checkServerTrusted(c, a);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException {
            chain.checkClientTrusted(c, a);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException {
            chain.checkClientTrusted(c, a);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
            chain.checkClientTrusted(c, a);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }

    /** A REST API certificate and key of the same CA for another address ({@code 127.0.0.2}), not 127.0.0.1. */
    public Path[] restCertificateForAnotherAddress(String node) {
        Path ext = dir.resolve(node + "-rest-other.ext");
        try {
            Files.writeString(ext, "subjectAltName=IP:127.0.0.2\nextendedKeyUsage=serverAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TlsFiles.sign(dir, node + "-rest-other", ca(), dir.resolve("ca.key"), ext);
    }
}
