package io.jpatroni.restapi.mgmt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpatroni.restapi.Fixtures;
import io.jpatroni.restapi.NodeSnapshot;
import io.jpatroni.restapi.RestApiServer;
import io.jpatroni.restapi.RestApiSettings;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /failsafe} from the snapshot and {@code POST /failsafe} over real HTTP, with Patroni's codes. */
class FailsafeRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));
    private static final List<Map<String, Object>> POSTS = new ArrayList<>();
    private static final AtomicReference<NodeSnapshot> SNAPSHOT = new AtomicReference<>();
    private static volatile boolean enabled;
    private static volatile FailsafeApi.Answer answer;
    private static RestApiServer server;

    @BeforeAll
    static void start() {
        server = new RestApiServer(RestApiSettings.listen("127.0.0.1:0").withAuth("patroni", "restsecret"),
                SNAPSHOT::get, Fixtures.CLOCK);
        FailsafeRoutes.register(server, new FailsafeApi() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Answer post(Map<String, Object> request) {
                POSTS.add(request);
                return answer;
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        POSTS.clear();
        SNAPSHOT.set(Fixtures.replica());
        enabled = true;
        answer = new FailsafeApi.Answer(200, "Accepted", Map.of("lsn", "67108960"));
    }

    private static HttpResponse<String> send(String method, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/failsafe"))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", AUTH);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String PING = "{\"name\": \"node3\", \"conn_url\": \"postgres://127.0.0.1:5434/postgres\","
            + " \"api_url\": \"http://127.0.0.1:8010/patroni\", \"slots\": null}";

    @Test
    void aReplicaAcceptsThePrimarysPingWithItsLsnInAHeader() throws Exception {
        HttpResponse<String> r = send("POST", PING, true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Accepted");
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html");
        assertThat(r.headers().firstValue("lsn")).contains("67108960");
        assertThat(POSTS).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("name", "node3").containsEntry("api_url", "http://127.0.0.1:8010/patroni");
            assertThat(p).containsKey("slots");
        });
    }

    @Test
    void aRunningPrimaryRefusesWith500() throws Exception {
        answer = new FailsafeApi.Answer(500, "Running as a leader", Map.of());

        HttpResponse<String> r = send("POST", PING, true);

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("Running as a leader");
        assertThat(r.headers().firstValue("lsn")).isEmpty();
    }

    @Test
    void failsafeModeOffIs502BeforeTheBodyIsRead() throws Exception {
        enabled = false;

        HttpResponse<String> r = send("POST", "not even json", true);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).isEqualTo(new String(ManagementRoutes.errorPage(502), StandardCharsets.UTF_8));
        assertThat(POSTS).isEmpty();
    }

    @Test
    void theAccessCheckComesFirst() throws Exception {
        enabled = false;

        assertThat(send("POST", PING, false).statusCode()).isEqualTo(401);
        assertThat(POSTS).isEmpty();
    }

    @Test
    void aBodyThatIsNotANonEmptyJsonObjectIs400AndNoBodyIs411() throws Exception {
        assertThat(rawPostWithoutContentLength()).startsWith("HTTP/1.1 411");
        assertThat(send("POST", "{}", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "[1]", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "{\"name\":", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", null, true).statusCode()).as("Content-Length: 0").isEqualTo(400);
        assertThat(POSTS).isEmpty();
    }

    /** The JDK client always sends a Content-Length with POST: write the request by hand. */
    private static String rawPostWithoutContentLength() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write(("POST /failsafe HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void getAnswersTheKeyAsLastSeenInItsOrderElse502() throws Exception {
        HttpResponse<String> none = send("GET", null, false);
        assertThat(none.statusCode()).isEqualTo(502);
        assertThat(none.body()).contains("<p>Error code: 502</p>");

        Map<String, String> key = new LinkedHashMap<>();
        key.put("node3", "http://127.0.0.1:8010/patroni");
        key.put("node1", "http://127.0.0.1:8008/patroni");
        SNAPSHOT.set(Fixtures.replica().toBuilder().failsafe(key).build());

        HttpResponse<String> r = send("GET", null, false);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.body()).isEqualTo("{\"node3\": \"http://127.0.0.1:8010/patroni\","
                + " \"node1\": \"http://127.0.0.1:8008/patroni\"}");
    }
}
