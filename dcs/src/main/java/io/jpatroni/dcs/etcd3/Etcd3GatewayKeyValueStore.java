package io.jpatroni.dcs.etcd3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.jpatroni.dcs.DcsUnavailableException;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.kv.Condition;
import io.jpatroni.dcs.kv.KeyValue;
import io.jpatroni.dcs.kv.KeyValueStore;
import io.jpatroni.dcs.kv.LeaseNotFoundException;
import io.jpatroni.dcs.kv.RangeResult;
import io.jpatroni.dcs.kv.WatchListener;
import io.jpatroni.tls.PemKeyStores;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link KeyValueStore} on etcd's v3 JSON gateway ({@code POST /v3/kv/range}, {@code /v3/kv/txn}..., keys and values
 * in base64), the API Patroni's own etcd3 client speaks. One blocking HTTP/1.1 request per call over the JDK's
 * {@link HttpURLConnection}: no gRPC channel, no event loop, no thread of its own, so a command that reads a few keys
 * and exits starts in a fraction of the time the jetcd client needs. jpatronictl's store; the daemon keeps jetcd.
 *
 * <p>As the etcd3 section asks: {@code protocol: https} with {@code cacert} (else the JDK's trusted CAs) and a client
 * certificate ({@code cert}, {@code key}; PEM as Patroni reads them), {@code username}/{@code password} through
 * {@code /v3/auth/authenticate} (the token is renewed once when etcd says it expired). The hosts are tried in order,
 * the first that answers is kept. Watches are refused ({@link UnsupportedOperationException}): the gateway streams them
 * over a long-lived response, which a short-lived command never needs; a store that must watch uses
 * {@link Etcd3KeyValueStore}.
 */
public final class Etcd3GatewayKeyValueStore implements KeyValueStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int GRPC_NOT_FOUND = 5;
    private static final int GRPC_UNAUTHENTICATED = 16;

    private final Etcd3Settings settings;
    private final SSLSocketFactory ssl;
    private volatile Duration timeout;
    private int preferred;
    private String token;

    private Etcd3GatewayKeyValueStore(Etcd3Settings settings, SSLSocketFactory ssl, Duration timeout) {
        this.settings = settings;
        this.ssl = ssl;
        this.timeout = timeout;
    }

    /** Reads the TLS files now (an unreadable one is a {@link DcsUnavailableException}); connects on first use. */
    public static Etcd3GatewayKeyValueStore connect(Etcd3Settings s, Duration timeout) {
        SSLSocketFactory ssl = null;
        if (s.protocol().equals("https")) {
            try {
                ssl = sslContext(s).getSocketFactory();
            } catch (IOException | GeneralSecurityException e) {
                throw new DcsUnavailableException("etcd3: invalid TLS configuration: " + e.getMessage());
            }
        }
        return new Etcd3GatewayKeyValueStore(s, ssl, timeout);
    }

    private static SSLContext sslContext(Etcd3Settings s) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = null;
        if (s.cacert().isPresent()) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(PemKeyStores.trustStore(s.cacert().get()));
        }
        KeyManagerFactory kmf = null;
        if (s.cert().isPresent()) {
            KeyStore ks = PemKeyStores.keyStore(s.cert().get(), s.key(), Optional.empty());
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PemKeyStores.STORE_PASSWORD);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public RangeResult getPrefix(String prefix) {
        JsonNode resp = call("/v3/kv/range", obj("key", b64(prefix), "range_end", b64(prefixEnd(prefix))),
                "get " + prefix);
        return new RangeResult(number(resp.path("header"), "revision"), keyValues(resp.path("kvs")));
    }

    @Override
    public Optional<KeyValue> get(String key) {
        JsonNode resp = call("/v3/kv/range", obj("key", b64(key)), "get " + key);
        return keyValues(resp.path("kvs")).stream().findFirst();
    }

    @Override
    public boolean put(String key, String value, OptionalLong lease, Condition condition) {
        String put = lease.isPresent()
                ? obj("key", b64(key), "value", b64(value), "lease", Long.toString(lease.getAsLong()))
                : obj("key", b64(key), "value", b64(value));
        try {
            if (condition.kind() == Condition.Kind.NONE) {
                call("/v3/kv/put", put, "put " + key);
                return true;
            }
            return txn(key, condition, "{\"request_put\":" + put + "}", "put " + key);
        } catch (EtcdError e) {
            if (e.code == GRPC_NOT_FOUND && lease.isPresent()) {
                throw new LeaseNotFoundException(lease.getAsLong());
            }
            throw e;
        }
    }

    @Override
    public boolean delete(String key, Condition condition) {
        String del = obj("key", b64(key));
        if (condition.kind() == Condition.Kind.NONE) {
            call("/v3/kv/deleterange", del, "delete " + key);
            return true;
        }
        return txn(key, condition, "{\"request_delete_range\":" + del + "}", "delete " + key);
    }

    @Override
    public long deletePrefix(String prefix) {
        return number(call("/v3/kv/deleterange", obj("key", b64(prefix), "range_end", b64(prefixEnd(prefix))),
                "delete " + prefix), "deleted");
    }

    @Override
    public long grantLease(long ttlSeconds) {
        return number(call("/v3/lease/grant", obj("TTL", Long.toString(ttlSeconds)), "lease grant"), "ID");
    }

    @Override
    public boolean keepAliveOnce(long lease) {
        try {
            JsonNode resp = call("/v3/lease/keepalive", obj("ID", Long.toString(lease)), "lease keepalive");
            return number(resp.path("result"), "TTL") > 0;
        } catch (EtcdError e) {
            if (e.code == GRPC_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Refused: see the class comment. */
    @Override
    public AutoCloseable watchPrefix(String prefix, long fromRevision, WatchListener listener) {
        throw new UnsupportedOperationException("etcd3 JSON gateway store: no watches (a watching store uses jetcd)");
    }

    @Override
    public void close() {
        // nothing held between calls: HttpURLConnection's keep-alive cache goes with the process
    }

    private boolean txn(String key, Condition c, String op, String what) {
        String cmp = switch (c.kind()) {
            case ABSENT -> obj("key", b64(key), "result", "EQUAL", "target", "CREATE", "create_revision", "0");
            case MOD_REVISION -> obj("key", b64(key), "result", "EQUAL", "target", "MOD", "mod_revision",
                    Long.toString(c.revision()));
            case VALUE -> obj("key", b64(key), "result", "EQUAL", "target", "VALUE", "value", b64(c.value()));
            case NONE -> throw new IllegalArgumentException("no compare");
        };
        return call("/v3/kv/txn", "{\"compare\":[" + cmp + "],\"success\":[" + op + "]}", what).path("succeeded")
                .asBoolean(false);
    }

    /**
     * A JSON object of string members, written by hand: the requests are this small, and serializing through
     * Jackson's tree would cost a short command more start-up than the request itself.
     */
    static String obj(String... namesAndValues) {
        StringBuilder b = new StringBuilder(128).append('{');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            quote(b, namesAndValues[i]).append(':');
            quote(b, namesAndValues[i + 1]);
        }
        return b.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"');
    }

    /** One request: authenticated when the settings carry a user, renewed once on an expired token. */
    private JsonNode call(String path, String body, String what) {
        try {
            return request(path, body, what, true);
        } catch (EtcdError e) {
            if (e.code != GRPC_UNAUTHENTICATED || settings.username().isEmpty()) {
                throw e;
            }
            synchronized (this) {
                token = null;
            }
            return request(path, body, what, true);
        }
    }

    private JsonNode request(String path, String body, String what, boolean authenticated) {
        String auth = authenticated ? token(what) : null;
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        List<String> hosts = settings.hosts();
        IOException last = null;
        int start;
        synchronized (this) {
            start = preferred;
        }
        for (int i = 0; i < hosts.size(); i++) {
            int h = (start + i) % hosts.size();
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                JsonNode resp = post(hosts.get(h), path, payload, auth, (int) Math.max(1, left));
                synchronized (this) {
                    preferred = h;
                }
                return resp;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new DcsUnavailableException("etcd3: " + what + " failed: "
                + (last == null ? "timed out after " + timeout.toMillis() + " ms" : last.toString()), last);
    }

    private String token(String what) {
        if (settings.username().isEmpty()) {
            return null;
        }
        synchronized (this) {
            if (token == null) {
                String req = obj("name", settings.username().get(), "password", settings.password().orElse(""));
                try {
                    token = request("/v3/auth/authenticate", req, what + " (authenticate)", false).path("token")
                            .asText(null);
                } catch (EtcdError e) {
                    throw e;
                }
                if (token == null) {
                    throw new DcsUnavailableException("etcd3: authentication returned no token");
                }
            }
            return token;
        }
    }

    private JsonNode post(String host, String path, byte[] payload, String auth, int timeoutMillis)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(settings.protocol() + "://" + host + path).openConnection();
        if (ssl != null) {
            ((HttpsURLConnection) c).setSSLSocketFactory(ssl);
        }
        c.setConnectTimeout(timeoutMillis);
        c.setReadTimeout(timeoutMillis);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(payload.length);
        c.setRequestProperty("Content-Type", "application/json");
        if (auth != null) {
            c.setRequestProperty("Authorization", auth);
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(payload);
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        byte[] answer;
        try (InputStream is = in) {
            answer = is == null ? new byte[0] : is.readAllBytes();
        }
        JsonNode json = answer.length == 0 ? JSON.missingNode() : JSON.readTree(answer);
        if (status != HttpURLConnection.HTTP_OK) {
            // grpc-gateway's error body: {"error": ..., "code": <gRPC code>, "message": ...}
            String message = json.path("message").asText(json.path("error").asText("HTTP " + status));
            throw new EtcdError(json.path("code").asInt(-1), message);
        }
        return json;
    }

    private static List<KeyValue> keyValues(JsonNode kvs) {
        List<KeyValue> out = new ArrayList<>();
        if (kvs instanceof ArrayNode array) {
            for (JsonNode kv : array) {
                long lease = number(kv, "lease");
                out.add(new KeyValue(unb64(kv.path("key").asText("")), unb64(kv.path("value").asText("")),
                        number(kv, "create_revision"), number(kv, "mod_revision"), number(kv, "version"),
                        lease == 0 ? OptionalLong.empty() : OptionalLong.of(lease)));
            }
        }
        return out;
    }

    /** The gateway writes int64 fields as strings and leaves out zeros. */
    private static long number(JsonNode node, String field) {
        JsonNode n = node.path(field);
        return n.isMissingNode() || n.isNull() ? 0 : n.isNumber() ? n.asLong() : Long.parseLong(n.asText("0"));
    }

    /** etcd's range end for a prefix: the prefix with its last byte incremented (Patroni's {@code prefix_range_end}). */
    static byte[] prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return java.util.Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0};
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    /** etcd answered with an error: a failed request, not an unreachable server (the next host is not tried). */
    private static final class EtcdError extends DcsUnavailableException {
        final int code;

        EtcdError(int code, String message) {
            super("etcd3: " + message);
            this.code = code;
        }
    }
}
