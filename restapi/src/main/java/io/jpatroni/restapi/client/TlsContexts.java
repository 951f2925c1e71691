package io.jpatroni.restapi.client;

import io.jpatroni.tls.PemKeyStores;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the client {@link SSLContext} from {@link ClientSettings}. */
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
        TrustManager[] trust = null;
        if (s.insecure()) {
            trust = new TrustManager[] {new TrustAll()};
        } else if (s.cafile().isPresent()) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(PemKeyStores.trustStore(s.cafile().get()));
            trust = tmf.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    /**
     * {@code insecure: true}: accept any server certificate. Being an {@link X509ExtendedTrustManager}, it also
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
