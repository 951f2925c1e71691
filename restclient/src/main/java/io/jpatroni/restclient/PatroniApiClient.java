package io.jpatroni.restclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls other members' REST APIs: {@link #fetchStatus} during the leader race, and {@code post/patch/delete} for
 * management requests; thread-safe. Close it on shutdown. The daemon's peer calls go over {@link UrlConnectionCall}
 * ({@code HttpURLConnection}: TLS only for an https URL); the management calls over the JDK's {@link HttpClient},
 * built at the first one. Both run on a two-thread executor.
 */
public final class PatroniApiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PatroniApiClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ExecutorService executor;
    private volatile ClientSettings settings;
    private SSLContext tls;             // null until the first https request when the settings name no file to check
    private HttpClient http;            // the JDK's client for management calls, built at the first one
    private volatile Optional<String> authorization;

    /**
     * @throws IOException              a PEM file cannot be read
     * @throws GeneralSecurityException a PEM file holds no usable certificate or key
     */
    public PatroniApiClient(ClientSettings settings) throws IOException, GeneralSecurityException {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "patroni-api-client-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        reload(settings);
    }

    /**
     * New settings (a reload, as Patroni's {@code PatroniRequest.reload_config}): the certificate files are read again
     * and the next requests go through a new client with them and the new credentials; requests under way finish on
     * the old one. On an unreadable file the old settings stay.
     *
     * @throws IOException              a PEM file cannot be read
     * @throws GeneralSecurityException a PEM file holds no usable certificate or key
     */
    public synchronized void reload(ClientSettings settings) throws IOException, GeneralSecurityException {
        // settings that name certificate files are checked now; without any, TLS (the JDK's root certificates
        // parsed, some 400 classes) is set up at the first https request, which a cluster over http never makes
        SSLContext nextTls = settings.certfile().isPresent() || settings.cafile().isPresent()
                ? TlsContexts.build(settings) : null;
        this.authorization = settings.username().isPresent() && settings.password().isPresent()
                ? Optional.of("Basic " + Base64.getEncoder().encodeToString((settings.username().get() + ":"
                        + settings.password().get()).getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
        this.settings = settings;
        this.tls = nextTls;
        this.http = null;
    }

    /** The TLS context, set up at the first https request unless {@link #reload} already did. */
    private synchronized SSLContext tls() throws IOException {
        if (tls == null) {
            try {
                tls = TlsContexts.build(settings);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS for the REST client: " + e.getMessage(), e);
            }
        }
        return tls;
    }

    /** The JDK's HTTP client, for the management calls (PATCH, which {@code HttpURLConnection} cannot send). */
    private synchronized HttpClient http() throws IOException {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(settings.connectTimeout())
                    .executor(executor)
                    .sslContext(tls())
                    .build();
        }
        return http;
    }

    /** A peer call over {@link UrlConnectionCall}. */
    private PeerAnswer call(URI uri, String method, Optional<String> json, Duration timeout) throws IOException {
        ClientSettings s = settings;
        SSLContext context = "https".equalsIgnoreCase(uri.getScheme()) ? tls() : null;
        return UrlConnectionCall.exchange(uri, method, json, authorization, timeout, context,
                s.insecure() && s.certfile().isEmpty());
    }

    /**
     * {@code GET <api_url>} (a member's {@code /patroni}) and parse the JSON body, whatever the status code.
     * Empty when the member is unreachable, too slow, or does not answer JSON; never throws.
     */
    public Optional<JsonNode> fetchStatus(URI apiUrl, Duration timeout) {
        try {
            JsonNode body = MAPPER.readTree(call(apiUrl, "GET", Optional.empty(), timeout).body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (IOException e) {
            LOG.debug("Request to {} failed: {}", apiUrl, e.toString());
            return Optional.empty();
        }
    }

    public ApiResponse post(URI uri, String json, Duration timeout) throws IOException, InterruptedException {
        return send(uri, "POST", Optional.of(json), timeout);
    }

    /**
     * {@code POST} a JSON body without blocking the caller, for calls made to several members at once (Patroni's
     * {@code POST /failsafe} round): the answer with its headers, or the future fails with the I/O error.
     */
    public CompletableFuture<PeerAnswer> postAsync(URI uri, String json, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call(uri, "POST", Optional.of(json), timeout);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    public ApiResponse patch(URI uri, String json, Duration timeout) throws IOException, InterruptedException {
        return send(uri, "PATCH", Optional.of(json), timeout);
    }

    public ApiResponse put(URI uri, String json, Duration timeout) throws IOException, InterruptedException {
        return send(uri, "PUT", Optional.of(json), timeout);
    }

    public ApiResponse delete(URI uri, Optional<String> json, Duration timeout)
            throws IOException, InterruptedException {
        return send(uri, "DELETE", json, timeout);
    }

    private ApiResponse send(URI uri, String method, Optional<String> json, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(uri, timeout).method(method, json
                .map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        json.ifPresent(j -> builder.header("Content-Type", "application/json"));
        HttpResponse<String> response = http().send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.body());
    }

    private HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        authorization.ifPresent(a -> builder.header("Authorization", a));
        return builder;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
