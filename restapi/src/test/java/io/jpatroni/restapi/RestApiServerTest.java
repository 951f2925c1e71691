package io.jpatroni.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The routes over real HTTP, once. */
class RestApiServerTest {
    private static final AtomicReference<NodeSnapshot> CURRENT = new AtomicReference<>(Fixtures.leader());
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RestApiServer server;

    @BeforeAll
    static void start() {
        RestApiSettings settings = RestApiSettings.listen("127.0.0.1:0").withAuth("patroni", "restsecret")
                .withExtraHeaders(Map.of("X-Frame-Options", "SAMEORIGIN"), Map.of("Strict-Transport-Security", "x"));
        server = new RestApiServer(settings, CURRENT::get, Fixtures.CLOCK)
                .unsafe(HandlerType.POST, "/reload", ctx -> ctx.status(202).result("reload scheduled"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Stream<CapturedStatus> rows() {
        return CapturedStatus.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void replaysCapturedStatusesOverHttp(CapturedStatus row) throws Exception {
        CURRENT.set(row.snapshot());
        HttpResponse<String> r = send(row.method(), row.path() + (row.query().isEmpty() ? "" : "?" + row.query()));
        assertThat(r.statusCode()).isEqualTo(row.status());
        if (row.method().equals("GET") && !row.path().equals("/metrics")) {   // /metrics: 4.x's additions too
            assertThat(r.body()).hasSize(row.bodyBytes());
        }
        if (row.contentType().isEmpty()) {
            assertThat(r.headers().firstValue("Content-Type")).isEmpty();
        }
        if (!row.contentType().isEmpty()) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue(row.contentType());
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        }
    }

    @Test
    void metricsArePatronisThenTheDaemonsOwnReadAtEachRequest() throws Exception {
        java.util.concurrent.atomic.AtomicLong cycles = new java.util.concurrent.atomic.AtomicLong();
        ExtraMetrics own = (out, labels) -> out.append("# HELP jpatroni_test_total Cycles.\n")
                .append("# TYPE jpatroni_test_total counter\n")
                .append("jpatroni_test_total{").append(labels).append("} ").append(cycles.get()).append('\n');
        NodeSnapshot snapshot = Fixtures.replica();
        try (RestApiServer metered = new RestApiServer(RestApiSettings.listen("127.0.0.1:0"), () -> snapshot,
                Fixtures.CLOCK, own).start()) {
            URI uri = URI.create("http://127.0.0.1:" + metered.port() + "/metrics");
            HttpResponse<String> first = HTTP.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(first.body()).isEqualTo(MetricsText.render(snapshot) + "# HELP jpatroni_test_total Cycles.\n"
                    + "# TYPE jpatroni_test_total counter\njpatroni_test_total{scope=\"demo\",name=\"node1\"} 0\n");
            assertThat(first.headers().firstValue("Content-Type")).hasValue("text/plain");
            cycles.set(7);
            assertThat(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .endsWith("jpatroni_test_total{scope=\"demo\",name=\"node1\"} 7\n");
        }
    }

    @Test
    void healthBodyIsTheStatusJsonAndFollowsTheLatestSnapshot() throws Exception {
        CURRENT.set(Fixtures.replica());
        assertThat(send("GET", "/replica").body()).isEqualTo(Fixtures.capturedBody("replica/GET_patroni.http"));
        CURRENT.set(Fixtures.leader());
        HttpResponse<String> r = send("GET", "/replica");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo(Fixtures.capturedBody("leader/GET_patroni.http"));
    }

    @Test
    void unknownPaths() throws Exception {
        CURRENT.set(Fixtures.leader());
        assertThat(send("HEAD", "/nonexistent").statusCode()).isEqualTo(503);
        assertThat(send("OPTIONS", "/nonexistent").statusCode()).isEqualTo(503);
        assertThat(send("POST", "/nonexistent").statusCode()).isEqualTo(404);
    }

    @Test
    void configMissingIs502() throws Exception {
        CURRENT.set(Fixtures.leader().toBuilder().configJson(null).build());
        assertThat(send("GET", "/config").statusCode()).isEqualTo(502);
    }

    @Test
    void unsafeRoutesNeedBasicAuth() throws Exception {
        HttpResponse<String> none = send("POST", "/reload");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo("no auth header received");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Patroni\"");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("text/html");

        HttpResponse<String> wrong = send("POST", "/reload", "Authorization", basic("patroni:wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("not authenticated");
        assertThat(send("POST", "/reload", "Authorization", "Bearer x").body()).isEqualTo("not authenticated");

        HttpResponse<String> ok = send("POST", "/reload", "Authorization", basic("patroni:restsecret"));
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).isEqualTo("reload scheduled");
    }

    @Test
    void healthChecksNeedNoAuth() throws IOException, Exception {
        CURRENT.set(Fixtures.leader());
        assertThat(send("OPTIONS", "/primary").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/liveness").body()).isEmpty();
    }

    static String basic(String userPass) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(userPass.getBytes());
    }
}
