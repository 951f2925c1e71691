package io.jpatroni.postgres.sql;

import io.jpatroni.tls.PemKeyStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CertSelector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * pgjdbc's {@code sslfactory} for jpatroni's connections: TLS the way libpq sets it up from the same options.
 * <ul>
 *   <li>{@code sslcert} / {@code sslkey} (PEM, the key in any format libpq reads, encrypted with {@code sslpassword})
 *   are sent whenever the certificate file exists, whatever CAs the server asks for;</li>
 *   <li>the server's chain is verified against {@code sslrootcert} whenever that file exists ({@code system}: the
 *   JVM's trusted roots), and must be for {@code verify-ca} / {@code verify-full}; pgjdbc checks the host name
 *   for {@code verify-full};</li>
 *   <li>with a root certificate, {@code sslcrl} / {@code sslcrldir} revocation lists are checked for every
 *   certificate of the chain (libpq's CRL_CHECK_ALL) when they exist.</li>
 * </ul>
 * Keys are read in memory, on every connection (a renewed certificate is picked up), and never written anywhere.
 * A problem is thrown from {@code createSocket}, so pgjdbc reports it as the connection's SSL error.
 */
public final class LibpqSslSocketFactory extends SSLSocketFactory {
    /** Prefix of this factory's properties among the connection's. */
    static final String PREFIX = "jpatroni.libpq.";

    private final Properties info;

    public LibpqSslSocketFactory(Properties info) {
        this.info = info;
    }

    private Optional<String> option(String name) {
        return Optional.ofNullable(info.getProperty(PREFIX + name)).filter(v -> !v.isEmpty());
    }

    private SSLSocketFactory delegate() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    private KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
        Optional<Path> cert = option("sslcert").map(Path::of).filter(Files::exists);
        if (cert.isEmpty()) {
            return null;
        }
        Path key = option("sslkey").map(Path::of).orElseThrow();
        if (!Files.exists(key)) {
            throw new GeneralSecurityException("certificate present, but not private key file \"" + key + "\"");
        }
        KeyStore store;
        try {
            store = PemKeyStores.keyStore(cert.get(), Optional.of(key), option("sslpassword"));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("could not load private key file \"" + key + "\": "
                    + e.getMessage(), e);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PemKeyStores.STORE_PASSWORD);
        return new KeyManager[] {new AlwaysSend((X509KeyManager) kmf.getKeyManagers()[0])};
    }

    private TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
        String mode = option("sslmode").orElse("prefer");
        String rootcert = option("sslrootcert").orElse("");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        if ("system".equals(rootcert)) {
            if (!"verify-full".equals(mode)) {
                throw new GeneralSecurityException("weak sslmode \"" + mode
                        + "\" may not be used with sslrootcert=system (use \"verify-full\")");
            }
            tmf.init((KeyStore) null);
            return tmf.getTrustManagers();
        }
        if (rootcert.isEmpty() || !Files.exists(Path.of(rootcert))) {
            if (mode.startsWith("verify")) {
                throw new GeneralSecurityException("root certificate file \"" + rootcert + "\" does not exist; "
                        + "either provide the file or change sslmode to disable server certificate verification");
            }
            return new TrustManager[] {new TrustAll()};
        }
        KeyStore roots = PemKeyStores.trustStore(Path.of(rootcert));
        List<CRL> crls = revocationLists();
        if (crls.isEmpty()) {
            tmf.init(roots);
            return tmf.getTrustManagers();
        }
        PKIXBuilderParameters params = new PKIXBuilderParameters(roots, new X509CertSelector());
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        PKIXRevocationChecker checker = (PKIXRevocationChecker) CertPathBuilder.getInstance("PKIX")
                .getRevocationChecker();
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        params.addCertPathChecker(checker);
        params.setRevocationEnabled(true);
        tmf.init(new CertPathTrustManagerParameters(params));
        return tmf.getTrustManagers();
    }

    /** The CRLs of {@code sslcrl} (a file) and {@code sslcrldir} (every file of the directory); none if absent. */
    private List<CRL> revocationLists() throws IOException, GeneralSecurityException {
        List<Path> files = new ArrayList<>();
        option("sslcrl").map(Path::of).filter(Files::isRegularFile).ifPresent(files::add);
        Optional<Path> dir = option("sslcrldir").map(Path::of).filter(Files::isDirectory);
        if (dir.isPresent()) {
            try (Stream<Path> list = Files.list(dir.get())) {
                list.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<CRL> crls = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                crls.addAll(cf.generateCRLs(in));
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException("could not load SSL certificate revocation list \"" + f + "\": "
                        + e.getMessage(), e);
            }
        }
        return crls;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return delegate().createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate().createSocket(address, port, localAddress, localPort);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return ((SSLSocketFactory) SSLSocketFactory.getDefault()).getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return ((SSLSocketFactory) SSLSocketFactory.getDefault()).getSupportedCipherSuites();
    }

    /**
     * libpq sends its certificate whatever CAs the server lists in its request; the JDK's key manager would stay
     * silent when the issuer is not among them.
     */
    private static final class AlwaysSend extends X509ExtendedKeyManager {
        private final X509KeyManager keys;

        AlwaysSend(X509KeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
            return keys.chooseClientAlias(keyType, null, socket); // any issuer: only the key type must fit
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                                              javax.net.ssl.SSLEngine engine) {
            return keys.chooseClientAlias(keyType, null, null);
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return keys.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** No root certificate and no {@code verify-*}: libpq encrypts without checking who answers. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                       javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                       javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
