package io.jpatroni.restapi;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.jpatroni.restapi.health.Endpoint;
import io.jpatroni.restapi.health.HealthCheck;
import io.jpatroni.restapi.health.HealthQuery;
import io.jpatroni.restapi.mgmt.ManagementRoutes;
import io.jpatroni.tls.PemKeyStores;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's REST API: health checks and monitoring served from the last {@link NodeSnapshot}, plus a hook
 * ({@link #unsafe}) for management routes behind Patroni's access check. Lifecycle: construct, register unsafe
 * routes, {@link #start()}, {@link #close()}.
 */
public final class RestApiServer implements AutoCloseable {
    static final String JSON = "application/json";
    private static final Set<HandlerType> UNSAFE = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);

    private final RestApiSettings settings;
    private final RenderedBodies.Cache bodies;
    private final HealthCheck health;
    private final AccessCheck access;
    private final Map<String, String> extraHeaders;
    private final Javalin app;
    private final ExtraMetrics extraMetrics;
    private ServerConnector connector;

    public RestApiServer(RestApiSettings settings, NodeStatusSource source, Clock clock) {
        this(settings, source, clock, ExtraMetrics.NONE);
    }

    /** @param extraMetrics the daemon's own metrics, after Patroni's on {@code GET /metrics} */
    public RestApiServer(RestApiSettings settings, NodeStatusSource source, Clock clock, ExtraMetrics extraMetrics) {
        this.settings = settings;
        this.extraMetrics = extraMetrics;
        this.bodies = new RenderedBodies.Cache(source);
        this.health = new HealthCheck(clock);
        this.access = new AccessCheck(settings);
        Map<String, String> headers = new LinkedHashMap<>(settings.httpExtraHeaders());
        if (settings.tls()) {
            headers.putAll(settings.httpsExtraHeaders());
        }
        this.extraHeaders = Map.copyOf(headers);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.disableCompression();
            QueuedThreadPool pool = new QueuedThreadPool(8, 2);
            pool.setReservedThreads(0);
            pool.setName("restapi");
            pool.setDaemon(true);
            cfg.jetty.threadPool = pool;
            cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            cfg.jetty.addConnector(this::connector);
        });
        routes();
    }

    private void routes() {
        for (Endpoint endpoint : Endpoint.values()) {
            for (String path : endpoint.paths()) {
                app.get(path, ctx -> health(ctx, endpoint, !endpoint.statusOnly()));
                app.head(path, ctx -> health(ctx, endpoint, false));
                app.options(path, ctx -> health(ctx, endpoint, false));
            }
        }
        app.get("/patroni", ctx -> json(ctx, 200, bodies.current().status()));
        app.get("/cluster", ctx -> json(ctx, 200, bodies.current().cluster()));
        app.get("/history", ctx -> json(ctx, 200, bodies.current().history()));
        app.get("/config", this::config);
        app.get("/failsafe", this::failsafe);
        app.get("/metrics", this::metrics);
        app.error(404, this::unknownPath);
    }

    /** Patroni's metrics as rendered once per snapshot, then the daemon's own as they are now. */
    private void metrics(Context ctx) {
        RenderedBodies current = bodies.current();
        NodeSnapshot snapshot = current.snapshot();
        StringBuilder own = new StringBuilder(2048);
        extraMetrics.appendTo(own, MetricsText.labels(snapshot.scope(), snapshot.name()));
        byte[] patroni = current.metrics();
        byte[] extra = own.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(patroni, patroni.length + extra.length);
        System.arraycopy(extra, 0, all, patroni.length, extra.length);
        body(ctx, 200, "text/plain", all);
    }

    /**
     * Registers a management route behind the access check (client certificate when verified, then basic auth).
     * Call before {@link #start()}.
     */
    public RestApiServer unsafe(HandlerType method, String path, Handler handler) {
        if (!UNSAFE.contains(method)) {
            throw new IllegalArgumentException(method + " is not an unsafe method");
        }
        app.addHttpHandler(method, path, ctx -> {
            Optional<AccessCheck.Refusal> refusal = access.refusal(ctx);
            if (refusal.isPresent()) {
                if (refusal.get().status() == 401) {
                    ctx.header("WWW-Authenticate", AccessCheck.REALM);
                }
                body(ctx, refusal.get().status(), "text/html", refusal.get().message().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            handler.handle(ctx);
        });
        return this;
    }

    public RestApiServer start() {
        app.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        app.stop();
    }

    /**
     * Writes {@code bytes} with the configured extra headers; for management handlers too. The bytes go straight
     * to the servlet stream (no copy through Javalin's result stream).
     */
    public void body(Context ctx, int status, String contentType, byte[] bytes) {
        HttpServletResponse res = ctx.res();
        res.setStatus(status);
        res.setContentType(contentType);
        extraHeaders.forEach(res::setHeader);
        res.setContentLength(bytes.length);
        try {
            res.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void json(Context ctx, int status, byte[] bytes) {
        body(ctx, status, JSON, bytes);
    }

    private void health(Context ctx, Endpoint endpoint, boolean withBody) {
        RenderedBodies current = bodies.current();
        HealthQuery query = ctx.queryString() == null ? HealthQuery.NONE : HealthQuery.parse(ctx.queryParamMap());
        int status = health.statusFor(endpoint, current.snapshot(), query);
        if (withBody) {
            json(ctx, status, current.status());
        } else {
            statusOnly(ctx, status);
        }
    }

    /** A status line without body or content type, as Patroni answers HEAD, OPTIONS and liveness/readiness. */
    private static void statusOnly(Context ctx, int status) {
        ctx.res().setStatus(status);
        ctx.res().setContentType(null);
    }

    private void unknownPath(Context ctx) {
        HandlerType method = ctx.method();
        if (method == HandlerType.GET) {
            json(ctx, 503, bodies.current().status());
        } else if (method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            statusOnly(ctx, 503);
        }
    }

    private void config(Context ctx) {
        Optional<byte[]> config = bodies.current().config();
        if (config.isPresent()) {
            json(ctx, 200, config.get());
        } else {
            ctx.status(502);
        }
    }

    /** Patroni's {@code do_GET_failsafe}: the key as this node last saw it, else {@code send_error(502)}. */
    private void failsafe(Context ctx) {
        Optional<byte[]> failsafe = bodies.current().failsafe();
        if (failsafe.isPresent()) {
            json(ctx, 200, failsafe.get());
        } else {
            body(ctx, 502, "text/html;charset=utf-8", ManagementRoutes.errorPage(502));
        }
    }

    private ServerConnector connector(Server server, HttpConfiguration http) {
        ServerConnector c;
        if (settings.tls()) {
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            c = new ServerConnector(server, 1, 1, new SslConnectionFactory(sslContext(), "http/1.1"),
                    new HttpConnectionFactory(https));
        } else {
            c = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        c.setHost(settings.host());
        c.setPort(settings.port());
        connector = c;
        return c;
    }

    private SslContextFactory.Server sslContext() {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            ssl.setKeyStore(PemKeyStores.keyStore(settings.certfile().orElseThrow(), settings.keyfile(),
                    settings.keyfilePassword()));
            ssl.setKeyStorePassword(new String(PemKeyStores.STORE_PASSWORD));
            if (settings.cafile().isPresent()) {
                ssl.setTrustStore(PemKeyStores.trustStore(settings.cafile().get()));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("restapi TLS: " + e.getMessage(), e);
        }
        switch (settings.verifyClient()) {
            case REQUIRED -> ssl.setNeedClientAuth(true);
            case OPTIONAL -> ssl.setWantClientAuth(true);
            case NONE -> { }
        }
        return ssl;
    }
}
