package io.jpatroni.ctl.command;

import io.jpatroni.ctl.CtlContext;
import io.jpatroni.dcs.model.Member;
import io.jpatroni.pycompat.PyJson;
import io.jpatroni.restclient.ApiResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Calls a member's REST API at {@code <scheme>://<host:port of api_url>/<endpoint>}, as patronictl does. */
final class MemberApi {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private MemberApi() {
    }

    static URI uri(Member member, String endpoint) throws IOException {
        String api = member.apiUrl().orElseThrow(() -> new IOException("member " + member.name()
                + " has no api_url"));
        try {
            URI u = URI.create(api);
            return new URI(u.getScheme(), u.getRawAuthority(), "/" + endpoint, null, null);
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw new IOException("invalid api_url " + api + " of member " + member.name());
        }
    }

    /** {@code body} is JSON-encoded with Python's layout; empty for no body. */
    static ApiResponse request(CtlContext ctx, Member member, String method, String endpoint, Object body)
            throws IOException {
        URI uri = uri(member, endpoint);
        Optional<String> json = Optional.ofNullable(body).map(PyJson::dumps);
        try {
            return switch (method) {
                case "GET" -> ctx.api().fetchStatus(uri, Duration.ofSeconds(10))
                        .map(j -> new ApiResponse(200, j.toString()))
                        .orElseThrow(() -> new IOException("no answer from " + uri));
                case "POST" -> ctx.api().post(uri, json.orElse(""), TIMEOUT);
                case "PATCH" -> ctx.api().patch(uri, json.orElse(""), TIMEOUT);
                case "PUT" -> ctx.api().put(uri, json.orElse(""), TIMEOUT);
                case "DELETE" -> ctx.api().delete(uri, json, TIMEOUT);
                default -> throw new IllegalArgumentException(method);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (IOException e) {
            throw new IOException(method + " " + uri + " failed: " + (e.getMessage() == null ? e.toString()
                    : e.getMessage()), e);
        }
    }
}
