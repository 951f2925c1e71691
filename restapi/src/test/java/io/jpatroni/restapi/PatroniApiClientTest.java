package io.jpatroni.restapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.HandlerType;
import io.jpatroni.restapi.RestApiSettings.VerifyClient;
import io.jpatroni.restclient.ApiResponse;
import io.jpatroni.restclient.ClientSettings;
import io.jpatroni.restclient.PatroniApiClient;
import io.jpatroni.restclient.PeerAnswer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client ({@code restclient}) against our own server: plain HTTP with auth, and HTTPS with client certificates. */
class PatroniApiClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    @TempDir
    static Path dir;
    private static TestCerts certs;
    private static RestApiServer plain;
    private static RestApiServer required;
    private static RestApiServer optional;
    private static RestApiServer elsewhere;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCerts.generate(dir);
        RestApiSettings base = RestApiSettings.listen("127.0.0.1:0").withAuth("patroni", "restsecret");
        plain = server(base);
        required = server(base.withTls(certs.file("server.crt"), Optional.of(certs.file("server.pkcs1.key")),
                Optional.empty()).withClientVerification(certs.file("ca.crt"), VerifyClient.REQUIRED));
        optional = server(base.withTls(certs.file("server.crt"), Optional.of(certs.file("server.key")),
                Optional.empty()).withClientVerification(certs.file("ca.crt"), VerifyClient.OPTIONAL));
        elsewhere = server(base.withTls(certs.file("elsewhere.crt"), Optional.of(certs.file("elsewhere.key")),
                Optional.empty()).withClientVerification(certs.file("ca.crt"), VerifyClient.REQUIRED));
    }

    private static RestApiServer server(RestApiSettings settings) {
        return new RestApiServer(settings, Fixtures::leader, Fixtures.CLOCK)
                .unsafe(HandlerType.POST, "/switchover", ctx -> ctx.status(200).result("echo " + ctx.body()))
                .unsafe(HandlerType.DELETE, "/switchover", ctx -> ctx.status(404).result("no switchover"))
                .unsafe(HandlerType.POST, "/failsafe", ctx -> ctx.status(200).header("lsn", "67108960")
                        .result("Accepted " + ctx.header("Content-Type") + " " + ctx.body()))
                .start();
    }

    @AfterAll
    static void stop() {
        plain.close();
        required.close();
        optional.close();
        elsewhere.close();
    }

    private static URI url(RestApiServer server, String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.port() + path);
    }

    private static ClientSettings withClientCert() {
        return ClientSettings.defaults().withCa(certs.file("ca.crt")).withClientCertificate(
                certs.file("client.crt"), Optional.of(certs.file("client.enc.key")), Optional.of("keysecret"));
    }

    @Test
    void reloadTakesNewClientCertificatesAndCredentials() throws Exception {
        ClientSettings untrusted = ClientSettings.defaults().withCa(certs.file("ca.crt")).withClientCertificate(
                certs.file("other.crt"), Optional.of(certs.file("other.key")), Optional.empty());
        try (PatroniApiClient client = new PatroniApiClient(untrusted)) {
            assertThat(client.fetchStatus(url(required, "https", "/patroni"), TIMEOUT)).isEmpty();
            client.reload(withClientCert().withAuth("patroni", "restsecret"));
            assertThat(client.fetchStatus(url(required, "https", "/patroni"), TIMEOUT)).isPresent();
            assertThat(client.post(url(required, "https", "/switchover"), "{}", TIMEOUT).status()).isEqualTo(200);
        }
    }

    @Test
    void fetchesStatusAndSendsManagementCallsWithBasicAuth() throws Exception {
        try (PatroniApiClient client = new PatroniApiClient(ClientSettings.defaults().withAuth("patroni",
                "restsecret")); PatroniApiClient anonymous = new PatroniApiClient(ClientSettings.defaults())) {
            Optional<JsonNode> status = client.fetchStatus(url(plain, "http", "/patroni"), TIMEOUT);
            assertThat(status).hasValueSatisfying(s -> {
                assertThat(s.get("role").asText()).isEqualTo("master");
                assertThat(s.get("xlog").get("location").asLong()).isEqualTo(Fixtures.LSN);
            });
            assertThat(client.fetchStatus(url(plain, "http", "/replica"), TIMEOUT)).isPresent(); // 503 still has JSON
            assertThat(client.post(url(plain, "http", "/switchover"), "{\"leader\":\"node3\"}", TIMEOUT))
                    .isEqualTo(new ApiResponse(200, "echo {\"leader\":\"node3\"}"));
            assertThat(client.delete(url(plain, "http", "/switchover"), Optional.empty(), TIMEOUT).status())
                    .isEqualTo(404);
            assertThat(anonymous.post(url(plain, "http", "/switchover"), "{}", TIMEOUT))
                    .isEqualTo(new ApiResponse(401, "no auth header received"));
        }
    }

    @Test
    void postAsyncAnswersWithHeadersAndFailsTheFutureWhenUnreachable() throws Exception {
        try (PatroniApiClient client = new PatroniApiClient(ClientSettings.defaults().withAuth("patroni",
                "restsecret")); PatroniApiClient anonymous = new PatroniApiClient(ClientSettings.defaults())) {
            PeerAnswer answer = client.postAsync(url(plain, "http", "/failsafe"), "{\"name\": \"node3\"}", TIMEOUT)
                    .get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("Accepted application/json {\"name\": \"node3\"}");
            assertThat(answer.header("LSN")).contains("67108960");
            assertThat(anonymous.postAsync(url(plain, "http", "/failsafe"), "{}", TIMEOUT).get(10, TimeUnit.SECONDS)
                    .status()).isEqualTo(401);
            assertThat(client.postAsync(URI.create("http://127.0.0.1:1/failsafe"), "{}", Duration.ofMillis(500)))
                    .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void namedCertificateFilesAreCheckedAtOnceAndAPlainClientNeedsNoTls() throws Exception {
        assertThatThrownBy(() -> new PatroniApiClient(ClientSettings.defaults().withCa(certs.file("absent.crt"))))
                .isInstanceOf(IOException.class);
        try (PatroniApiClient client = new PatroniApiClient(ClientSettings.defaults().withAuth("patroni",
                "restsecret"))) {
            assertThat(client.fetchStatus(url(plain, "http", "/patroni"), TIMEOUT)).isPresent();
            assertThat(client.postAsync(url(plain, "http", "/failsafe"), "{}", TIMEOUT).get(10, TimeUnit.SECONDS)
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void unreachableMemberGivesEmpty() throws Exception {
        try (PatroniApiClient client = new PatroniApiClient(ClientSettings.defaults())) {
            assertThat(client.fetchStatus(URI.create("http://127.0.0.1:1/patroni"), Duration.ofMillis(500)))
                    .isEmpty();
            assertThat(client.fetchStatus(url(plain, "http", "/metrics"), TIMEOUT)).isEmpty(); // not JSON
        }
    }

    @Test
    void httpsWithClientCertificateWhenVerifyClientRequired() throws Exception {
        try (PatroniApiClient client = new PatroniApiClient(withClientCert().withAuth("patroni", "restsecret"))) {
            assertThat(client.fetchStatus(url(required, "https", "/patroni"), TIMEOUT))
                    .hasValueSatisfying(s -> assertThat(s.get("state").asText()).isEqualTo("running"));
            assertThat(client.post(url(required, "https", "/switchover"), "{}", TIMEOUT).status()).isEqualTo(200);
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedWhenRequired() throws Exception {
        try (PatroniApiClient client = new PatroniApiClient(ClientSettings.defaults().withCa(certs.file("ca.crt")))) {
            assertThat(client.fetchStatus(url(required, "https", "/patroni"), TIMEOUT)).isEmpty();
            assertThatThrownBy(() -> client.post(url(required, "https", "/switchover"), "{}", TIMEOUT))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void certificateNotIssuedByTheCaIsRefused() throws Exception {
        ClientSettings other = ClientSettings.defaults().withCa(certs.file("ca.crt"))
                .withClientCertificate(certs.file("other.crt"), Optional.of(certs.file("other.key")), Optional.empty());
        try (PatroniApiClient client = new PatroniApiClient(other)) {
            assertThat(client.fetchStatus(url(required, "https", "/patroni"), TIMEOUT)).isEmpty();
        }
    }

    @Test
    void withoutAClientCertificateInsecureAcceptsAnyServerCertificate() throws Exception {
        try (PatroniApiClient strict = new PatroniApiClient(ClientSettings.defaults());
             PatroniApiClient insecure = new PatroniApiClient(ClientSettings.defaults().withInsecure(true))) {
            assertThat(strict.fetchStatus(url(optional, "https", "/patroni"), TIMEOUT)).isEmpty();
            assertThat(insecure.fetchStatus(url(optional, "https", "/patroni"), TIMEOUT)).isPresent();
        }
    }

    @Test
    void withAClientCertificateInsecureStillVerifiesTheChainAndSkipsOnlyTheHostName() throws Exception {
        ClientSettings noCa = ClientSettings.defaults().withClientCertificate(certs.file("client.crt"),
                Optional.of(certs.file("client.key")), Optional.empty());
        try (PatroniApiClient strict = new PatroniApiClient(withClientCert());
             PatroniApiClient insecure = new PatroniApiClient(withClientCert().withInsecure(true));
             PatroniApiClient insecureNoCa = new PatroniApiClient(noCa.withInsecure(true))) {
            assertThat(strict.fetchStatus(url(elsewhere, "https", "/patroni"), TIMEOUT)).as("host name").isEmpty();
            assertThat(insecure.fetchStatus(url(elsewhere, "https", "/patroni"), TIMEOUT)).isPresent();
            assertThat(insecureNoCa.fetchStatus(url(required, "https", "/patroni"), TIMEOUT)).as("chain").isEmpty();
        }
    }

    @Test
    void verifyClientOptionalLetsReadsThroughButUnsafeMethodsNeedACertificate() throws Exception {
        try (PatroniApiClient noCert = new PatroniApiClient(ClientSettings.defaults().withCa(certs.file("ca.crt"))
                .withAuth("patroni", "restsecret"));
             PatroniApiClient withCert = new PatroniApiClient(withClientCert().withAuth("patroni", "restsecret"))) {
            assertThat(noCert.fetchStatus(url(optional, "https", "/patroni"), TIMEOUT)).isPresent();
            assertThat(noCert.post(url(optional, "https", "/switchover"), "{}", TIMEOUT))
                    .isEqualTo(new ApiResponse(403, "client certificate required"));
            assertThat(withCert.post(url(optional, "https", "/switchover"), "{}", TIMEOUT).status()).isEqualTo(200);
        }
    }
}
