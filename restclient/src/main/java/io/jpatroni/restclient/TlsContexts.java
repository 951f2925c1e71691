package io.jpatroni.restclient;

import io.jpatroni.tls.PemKeyStores;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the client {@link SSLContext} from {@link ClientSettings}, with Patroni's meaning of {@code insecure}
 * ({@code patroni/request.py}): without a client certificate any server certificate is accepted; with one, the
 * server's chain must still verify (against {@code cacert}/{@code cafile}, else the JVM's roots) and only the host
 * name is not checked.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    static SSLContext build(ClientSettings s) throws IOException, GeneralSecurityException {
        KeyManager[] keys = null;
        if (s.certfile().isPresent()) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(PemKeyStores.keyStore(s.certfile().get(), s.keyfile(), s.keyfilePassword()),
                    PemKeyStores.STORE_PASSWORD);
            keys = kmf.getKeyManagers();
        }
        TrustManager[] trust;
        if (s.insecure() && s.certfile().isEmpty()) {
            trust = new TrustManager[] {new TrustAll()};
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(s.cafile().isPresent() ? PemKeyStores.trustStore(s.cafile().get()) : null);
            trust = tmf.getTrustManagers();
            if (s.insecure()) {
                // Patroni: with a client certificate the server's chain is still required; insecure only
                // stops the host name check
                trust = new TrustManager[] {new ChainOnly((X509ExtendedTrustManager) trust[0])};
            }
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    /** The server's chain is checked, its host name is not (the socket / engine that carries it is ignored). */
    private static final class ChainOnly extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager chain;

        ChainOnly(X509ExtendedTrustManager chain) {
            this.chain = chain;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
                throws CertificateException {
            chain.checkClientTrusted(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
                throws CertificateException {
            chain.checkServerTrusted(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
                throws CertificateException {
            chain.checkClientTrusted(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
                throws CertificateException {
            chain.checkServerTrusted(certs, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            chain.checkClientTrusted(certs, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
            chain.checkServerTrusted(certs, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return chain.getAcceptedIssuers();
        }
    }

    /**
     * {@code insecure: true} without a client certificate: accept any server certificate. Being an {@link X509ExtendedTrustManager}, it also
     * stops the JDK from checking the host name.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
