package io.jpatroni.restapi.mgmt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.jpatroni.pycompat.PyTruth;
import io.jpatroni.restapi.RestApiServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts {@link ManagementApi} behind the access check of {@link RestApiServer} with Patroni's request parsing. */
public final class ManagementRoutes {
    private static final Logger log = LoggerFactory.getLogger(ManagementRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestApiServer server;
    private final ManagementApi api;

    private ManagementRoutes(RestApiServer server, ManagementApi api) {
        this.server = server;
        this.api = api;
    }

    public static void register(RestApiServer server, ManagementApi api) {
        new ManagementRoutes(server, api).routes();
    }

    private void routes() {
        server.unsafe(HandlerType.POST, "/switchover", ctx -> failover(ctx, ManagementApi.Kind.SWITCHOVER));
        server.unsafe(HandlerType.POST, "/failover", ctx -> failover(ctx, ManagementApi.Kind.FAILOVER));
        server.unsafe(HandlerType.DELETE, "/switchover", ctx -> reply(ctx, api.cancelScheduledSwitchover()));
        server.unsafe(HandlerType.POST, "/restart", ctx -> withBody(ctx, true, api::restart));
        server.unsafe(HandlerType.DELETE, "/restart", ctx -> reply(ctx, api.cancelScheduledRestart()));
        server.unsafe(HandlerType.POST, "/reload", ctx -> reply(ctx, api.reload()));
        server.unsafe(HandlerType.POST, "/reinitialize", ctx -> withBody(ctx, true,
                body -> api.reinitialize(PyTruth.flag(body.get("force")))));
        server.unsafe(HandlerType.PATCH, "/config", ctx -> withBody(ctx, false, api::patchConfig));
        server.unsafe(HandlerType.PUT, "/config", ctx -> withBody(ctx, false, api::putConfig));
    }

    private void failover(Context ctx, ManagementApi.Kind kind) {
        withBody(ctx, false, body -> {
            Optional<String> candidate = text(body.get("candidate")).or(() -> text(body.get("member")));
            log.info("received {} request with leader={} candidate={} scheduled_at={}", kind.word(),
                    text(body.get("leader")).orElse("None"), candidate.orElse("None"),
                    text(body.get("scheduled_at")).orElse("None"));
            return api.failover(new ManagementApi.FailoverRequest(kind, text(body.get("leader")), candidate,
                    text(body.get("scheduled_at"))));
        });
    }

    /**
     * Patroni's {@code _read_json_content}: no Content-Length is 411 (or an empty request when the body is
     * optional), anything but a JSON object (an empty one unless optional) is 400.
     */
    private void withBody(Context ctx, boolean optional, Function<Map<String, Object>, ManagementApi.Reply> call) {
        Optional<Map<String, Object>> body = parse(ctx.header("Content-Length"), ctx.bodyAsBytes(), optional);
        if (body.isEmpty()) {
            reply(ctx, ManagementApi.Reply.error(ctx.header("Content-Length") == null && !optional ? 411 : 400));
            return;
        }
        reply(ctx, call.apply(body.get()));
    }

    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> parse(String contentLength, byte[] bytes, boolean optional) {
        if (contentLength == null || bytes.length == 0) {
            return optional ? Optional.of(Map.of()) : Optional.empty();
        }
        try {
            Object value = JSON.readValue(bytes, Object.class);
            if (value instanceof Map<?, ?> m && (!m.isEmpty() || optional)) {
                return Optional.of((Map<String, Object>) m);
            }
        } catch (java.io.IOException e) {
            log.error("Bad request: {}", e.getMessage());
        }
        return Optional.empty();
    }

    private void reply(Context ctx, ManagementApi.Reply reply) {
        if (reply.isError()) {
            server.body(ctx, reply.status(), "text/html;charset=utf-8", errorPage(reply.status()));
        } else {
            server.body(ctx, reply.status(), reply.json() ? "application/json" : "text/html",
                    reply.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Python's BaseHTTPRequestHandler error page, as Patroni's {@code send_error} answers. */
    public static byte[] errorPage(int status) {
        String[] words = switch (status) {
            case 400 -> new String[] {"Bad Request", "Bad request syntax or unsupported method"};
            case 404 -> new String[] {"Not Found", "Nothing matches the given URI"};
            case 409 -> new String[] {"Conflict", "Request conflict"};
            case 411 -> new String[] {"Length Required", "Client must specify Content-Length"};
            case 502 -> new String[] {"Bad Gateway", "Invalid responses from another server/proxy"};
            case 503 -> new String[] {"Service Unavailable",
                "The server cannot process the request due to a high load"};
            default -> new String[] {"Error", "Error"};
        };
        String page = "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n"
                + "        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n"
                + "        <p>Error code: " + status + "</p>\n        <p>Message: " + words[0] + ".</p>\n"
                + "        <p>Error code explanation: " + status + " - " + words[1] + ".</p>\n    </body>\n</html>\n";
        return page.getBytes(StandardCharsets.UTF_8);
    }

    static Optional<String> text(Object o) {
        return o == null ? Optional.empty() : Optional.of(o.toString()).filter(s -> !s.isEmpty());
    }
}
