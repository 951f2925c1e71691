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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls other members' REST APIs: {@link #fetchStatus} during the leader race, and {@code post/patch/delete} for
 * management requests. One shared {@link HttpClient} on a two-thread executor; thread-safe. Close it on shutdown.
 */
public final class PatroniApiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PatroniApiClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ExecutorService executor;
    private volatile ClientSettings settings;
    private volatile HttpClient http;   // null until the first request when the settings name no file to check
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
        // settings that name certificate files are checked now; without any, the client (and with it the JDK's TLS
        // stack and its root certificates: some 400 classes and a selector thread) is built at the first request,
        // which on a healthy cluster may never come
        HttpClient next = settings.certfile().isPresent() || settings.cafile().isPresent() ? build(settings) : null;
        this.authorization = settings.username().isPresent() && settings.password().isPresent()
                ? Optional.of("Basic " + Base64.getEncoder().encodeToString((settings.username().get() + ":"
                        + settings.password().get()).getBytes(StandardCharsets.UTF_8)))
                : Optional.empty();
        this.settings = settings;
        this.http = next;
    }

    /** Whether the HTTP client exists yet (it is built at the first request unless certificate files are named). */
    public boolean started() {
        return http != null;
    }

    private HttpClient build(ClientSettings s) throws IOException, GeneralSecurityException {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(s.connectTimeout())
                .executor(executor)
                .sslContext(TlsContexts.build(s))
                .build();
    }

    private HttpClient http() throws IOException {
        HttpClient h = http;
        if (h != null) {
            return h;
        }
        synchronized (this) {
            if (http == null) {
                try {
                    http = build(settings);
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot set up TLS for the REST client: " + e.getMessage(), e);
                }
            }
            return http;
        }
    }

    /**
     * {@code GET <api_url>} (a member's {@code /patroni}) and parse the JSON body, whatever the status code.
     * Empty when the member is unreachable, too slow, or does not answer JSON; never throws.
     */
    public Optional<JsonNode> fetchStatus(URI apiUrl, Duration timeout) {
        try {
            HttpResponse<String> response = http().send(request(apiUrl, timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = MAPPER.readTree(response.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (IOException e) {
            LOG.debug("Request to {} failed: {}", apiUrl, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        HttpRequest request = request(uri, timeout).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build();
        HttpClient client;
        try {
            client = http();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new PeerAnswer(r.statusCode(), r.body(), r.headers().map()));
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
