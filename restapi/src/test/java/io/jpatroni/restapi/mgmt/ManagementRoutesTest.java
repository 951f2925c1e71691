package io.jpatroni.restapi.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.restapi.Fixtures;
import io.jpatroni.restapi.RestApiServer;
import io.jpatroni.restapi.RestApiSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The management routes over real HTTP: access check, Patroni's body parsing, the reply written as given. */
class ManagementRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));
    private static final List<Object> CALLS = new ArrayList<>();
    private static RestApiServer server;

    @BeforeAll
    static void start() {
        server = new RestApiServer(RestApiSettings.listen("127.0.0.1:0").withAuth("patroni", "restsecret"),
                Fixtures::leader, Fixtures.CLOCK);
        ManagementRoutes.register(server, new ManagementApi() {
            public Reply failover(FailoverRequest r) {
                CALLS.add(r);
                return Reply.text(200, "Successfully switched over to \"node1\"");
            }

            public Reply cancelScheduledSwitchover() {
                return Reply.text(404, "no switchover is scheduled");
            }

            public Reply restart(Map<String, Object> request) {
                CALLS.add(request);
                return Reply.text(200, "restarted successfully");
            }

            public Reply cancelScheduledRestart() {
                return Reply.text(404, "no restarts are scheduled");
            }

            public Reply reload() {
                return Reply.text(202, "reload scheduled");
            }

            public Reply reinitialize(boolean force) {
                CALLS.add("reinitialize force=" + force);
                return Reply.text(200, "reinitialize started");
            }

            public Reply patchConfig(Map<String, Object> patch) {
                CALLS.add(patch);
                return Reply.json(200, "{\"pause\":true}");
            }

            public Reply putConfig(Map<String, Object> config) {
                return Reply.error(502);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", AUTH);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void switchoverParsesLeaderCandidateAndMember() throws Exception {
        HttpResponse<String> r = send("POST", "/switchover", "{\"leader\":\"node2\",\"member\":\"node1\"}", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Successfully switched over to \"node1\"");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html");
        assertThat(CALLS).contains(new ManagementApi.FailoverRequest(ManagementApi.Kind.SWITCHOVER,
                java.util.Optional.of("node2"), java.util.Optional.of("node1"), java.util.Optional.empty()));
    }

    @Test
    void badJsonAndEmptyObjectAreTheCapturedBadRequestPage() throws Exception {
        String captured = Files.readString(Path.of(
                "/work/shared/reference/patroni-3.0.2/rest/leader/POST_switchover_auth_badjson.http"));
        for (String body : List.of("{not json", "{}", "[1]")) {
            HttpResponse<String> r = send("POST", "/switchover", body, true);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).contains("text/html;charset=utf-8");
            assertThat(captured).endsWith(r.body());
            assertThat(r.body()).hasSize(343);
        }
    }

    @Test
    void managementNeedsAuthentication() throws Exception {
        HttpResponse<String> r = send("POST", "/restart", "{}", false);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("no auth header received");
    }

    @Test
    void restartAndReinitializeTakeAnOptionalBody() throws Exception {
        assertThat(send("POST", "/restart", null, true).body()).isEqualTo("restarted successfully");
        assertThat(send("POST", "/reinitialize", "{\"force\":true}", true).body()).isEqualTo("reinitialize started");
        assertThat(CALLS).contains(Map.of(), "reinitialize force=true");
    }

    @Test
    void deletesReloadAndConfig() throws Exception {
        assertThat(send("DELETE", "/switchover", null, true).body()).isEqualTo("no switchover is scheduled");
        assertThat(send("DELETE", "/restart", null, true).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/reload", null, true).statusCode()).isEqualTo(202);
        HttpResponse<String> patch = send("PATCH", "/config", "{\"pause\":true}", true);
        assertThat(patch.body()).isEqualTo("{\"pause\":true}");
        assertThat(patch.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(send("PUT", "/config", "{\"ttl\":30}", true).statusCode()).isEqualTo(502);
    }
}
