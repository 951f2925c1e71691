package io.jpatroni.restclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * One request over {@link HttpURLConnection}, for the daemon's calls to its peers ({@code GET /patroni} in the leader
 * race, {@code POST /failsafe}): part of {@code java.base}, synchronous, no selector thread, and for an {@code http}
 * URL no TLS at all, where the JDK's {@code java.net.http} client sets up TLS and parses the root certificates when
 * it is built. The connection is closed after the answer (no keep-alive cache and its timer thread).
 */
final class UrlConnectionCall {
    private UrlConnectionCall() {
    }

    /**
     * @param tls the TLS context of an {@code https} URL (null for {@code http})
     * @param anyHost {@code insecure} without a client certificate: the server's name is not checked (the trust
     *                manager then accepts any chain, as Patroni's {@code verify=False})
     * @throws ConnectException no connection could be made (refused, unreachable, timed out): nothing was sent
     */
    static PeerAnswer exchange(URI uri, String method, Optional<String> json, Optional<String> authorization,
                               Duration timeout, SSLContext tls, boolean anyHost) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        try {
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls.getSocketFactory());
                if (anyHost) {
                    https.setHostnameVerifier((host, session) -> true);
                }
            }
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            authorization.ifPresent(a -> c.setRequestProperty("Authorization", a));
            byte[] body = json.map(j -> j.getBytes(StandardCharsets.UTF_8)).orElse(null);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                c.setFixedLengthStreamingMode(body.length);
            }
            try {
                c.connect();
            } catch (SocketTimeoutException e) {
                ConnectException timedOut = new ConnectException("connect timed out: " + uri);
                timedOut.initCause(e);
                throw timedOut;
            }
            if (body != null) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            c.getHeaderFields().forEach((name, values) -> {
                if (name != null) {   // the status line
                    headers.put(name, values);
                }
            });
            return new PeerAnswer(status, text, headers);
        } finally {
            c.disconnect();
        }
    }
}
