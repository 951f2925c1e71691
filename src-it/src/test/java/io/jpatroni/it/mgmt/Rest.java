package io.jpatroni.it.mgmt;

import io.jpatroni.it.support.JPatroniNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Management calls on a node's REST API with the test clusters' basic auth. */
final class Rest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));

    private Rest() {
    }

    static HttpResponse<String> call(JPatroniNode node, String method, String path, String json) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.config().restPort() + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", AUTH)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
