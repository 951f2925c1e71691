package io.jpatroni.restapi.mgmt;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.jpatroni.restapi.RestApiServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /failsafe} behind the access check, as Patroni's {@code do_POST_failsafe}: 502 when failsafe mode is
 * off; otherwise the body as {@code _read_json_content} reads it (411 without Content-Length, 400 unless a non-empty
 * JSON object), then the node's answer.
 */
public final class FailsafeRoutes {
    private FailsafeRoutes() {
    }

    public static void register(RestApiServer server, FailsafeApi api) {
        server.unsafe(HandlerType.POST, "/failsafe", ctx -> post(server, api, ctx));
    }

    private static void post(RestApiServer server, FailsafeApi api, Context ctx) {
        if (!api.enabled()) {
            error(server, ctx, 502);
            return;
        }
        Optional<Map<String, Object>> body = ManagementRoutes.parse(ctx.header("Content-Length"), ctx.bodyAsBytes(),
                false);
        if (body.isEmpty()) {
            error(server, ctx, ctx.header("Content-Length") == null ? 411 : 400);
            return;
        }
        FailsafeApi.Answer answer = api.post(body.get());
        answer.headers().forEach(ctx::header);
        server.body(ctx, answer.status(), "text/html", answer.message().getBytes(StandardCharsets.UTF_8));
    }

    private static void error(RestApiServer server, Context ctx, int status) {
        server.body(ctx, status, "text/html;charset=utf-8", ManagementRoutes.errorPage(status));
    }
}
