package io.jpatroni.restapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The allowlist over real sockets (on Linux every 127.0.0.0/8 address is local: a client bound to 127.0.0.2 is another
 * host) and what {@link RestApiServer#reload} changes without closing the listening socket.
 */
class RestApiReloadTest {
    private static final AtomicReference<NodeSnapshot> CURRENT = new AtomicReference<>(Fixtures.leader());

    private static RestApiServer server(RestApiSettings settings) {
        return new RestApiServer(settings, CURRENT::get, Fixtures.CLOCK)
                .unsafe(HandlerType.POST, "/reload", ctx -> ctx.status(202).result("reload scheduled"))
                .start();
    }

    /** A raw HTTP/1.0 request from {@code from}: status line and body. */
    private static String post(String from, int port, String path) throws IOException {
        return post(from, "127.0.0.1", port, path);
    }

    private static String responseOf(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        String status = all.substring(0, all.indexOf("\r\n"));
        return status.substring(status.indexOf(' ') + 1, status.indexOf(' ') + 4) + " "
                + all.substring(all.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void theAllowlistRefusesOtherAddressesWith403AndReloadChangesIt() throws Exception {
        try (RestApiServer server = server(RestApiSettings.listen("127.0.0.1:0")
                .withAllowlist(List.of("127.0.0.1"), false))) {
            int port = server.port();
            assertThat(post("127.0.0.1", port, "/reload")).isEqualTo("202 reload scheduled");
            assertThat(post("127.0.0.2", port, "/reload")).isEqualTo("403 Access is denied");

            server.reload(RestApiSettings.listen("127.0.0.1:0").withAllowlist(List.of("127.0.0.2/31"), false));
            assertThat(server.port()).isEqualTo(port);
            assertThat(post("127.0.0.2", port, "/reload")).isEqualTo("202 reload scheduled");
            assertThat(post("127.0.0.3", port, "/reload")).isEqualTo("202 reload scheduled");
            assertThat(post("127.0.0.1", port, "/reload")).isEqualTo("403 Access is denied");

            server.reload(RestApiSettings.listen("127.0.0.1:0"));
            assertThat(post("127.0.0.9", port, "/reload")).isEqualTo("202 reload scheduled");
        }
    }

    @Test
    void theAllowlistIsCheckedBeforeTheCredentialsAndNeverForHealthChecks() throws Exception {
        try (RestApiServer server = server(RestApiSettings.listen("127.0.0.1:0").withAuth("patroni", "secret")
                .withAllowlist(List.of("localhost"), false))) {
            int port = server.port();
            assertThat(post("127.0.0.2", port, "/reload")).isEqualTo("403 Access is denied");
            assertThat(post("127.0.0.1", port, "/reload")).isEqualTo("401 no auth header received");
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.getOutputStream().write("GET /primary HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(responseOf(s.getInputStream())).startsWith("200 {");
            }
        }
    }

    @Test
    void allowlistIncludeMembersAdmitsTheMembersApiAddresses() throws Exception {
        CURRENT.set(Fixtures.leader());   // its cluster's members have api_url http://127.0.0.1:...
        try (RestApiServer server = server(RestApiSettings.listen("127.0.0.1:0").withAllowlist(List.of(), true))) {
            int port = server.port();
            assertThat(post("127.0.0.1", port, "/reload")).isEqualTo("202 reload scheduled");
            assertThat(post("127.0.0.2", port, "/reload")).isEqualTo("403 Access is denied");
        }
    }

    @Test
    void networksAreMatchedByPrefixAndFamily() throws Exception {
        Allowlist.Network net = Allowlist.Network.parse("10.1.2.3/20");
        assertThat(net.contains(InetAddress.getByName("10.1.15.255"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("10.1.16.0"))).isFalse();
        assertThat(net.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Allowlist.Network.parse("::1/128").contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(Allowlist.Network.parse("0.0.0.0/0").contains(InetAddress.getByName("192.0.2.1"))).isTrue();
        assertThatThrownBy(() -> Allowlist.Network.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Allowlist.Network.parse("bad.example/8"))
                .isInstanceOf(IllegalArgumentException.class);
        // an invalid network is logged and skipped, as Patroni does; the valid entries still apply
        Allowlist list = Allowlist.of(List.of("300.1.1.1/8", "192.0.2.0/24"), false, List::of);
        assertThat(list.allows(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("198.51.100.1"))).isFalse();
    }

    @Test
    void renewedCertificatesAreServedAfterReloadOnTheSameSocket(@TempDir Path dir) throws Exception {
        TestCerts certs = TestCerts.generate(dir);
        Path cert = dir.resolve("live.crt");
        Path key = dir.resolve("live.key");
        Files.copy(certs.file("server.crt"), cert);
        Files.copy(certs.file("server.key"), key);
        RestApiSettings settings = RestApiSettings.listen("127.0.0.1:0")
                .withTls(cert, java.util.Optional.of(key), java.util.Optional.empty());
        try (RestApiServer server = server(settings)) {
            int port = server.port();
            BigInteger before = servedSerial(port);
            assertThat(before).isEqualTo(serialOf(certs.file("server.crt")));

            // renewed: same key, a new certificate (a new serial), written over the old files
            TestCerts renewed = TestCerts.generate(Files.createDirectories(dir.resolve("renewed")));
            Files.copy(renewed.file("server.crt"), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.file("server.key"), key, StandardCopyOption.REPLACE_EXISTING);
            assertThat(servedSerial(port)).isEqualTo(before);   // read at reload, not at every connection

            server.reload(settings.withExtraHeaders(Map.of(), Map.of()));
            assertThat(server.port()).isEqualTo(port);
            assertThat(servedSerial(port)).isEqualTo(serialOf(renewed.file("server.crt"))).isNotEqualTo(before);

            // a broken file: the reload fails and the certificate in force stays
            Files.writeString(cert, "not a certificate\n");
            assertThatThrownBy(() -> server.reload(settings)).isInstanceOf(IllegalStateException.class);
            assertThat(servedSerial(port)).isEqualTo(serialOf(renewed.file("server.crt")));
        }
    }

    @Test
    void aNewListenAddressMovesTheSocket() throws Exception {
        try (RestApiServer server = server(RestApiSettings.listen("127.0.0.1:0"))) {
            int before = server.port();
            server.reload(RestApiSettings.listen("127.0.0.2:0"));
            assertThat(post("127.0.0.1", "127.0.0.2", server.port(), "/reload")).isEqualTo("202 reload scheduled");
            assertThatThrownBy(() -> post("127.0.0.1", before, "/reload")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aRequestThatMovesTheSocketIsStillAnswered() throws Exception {
        AtomicReference<RestApiServer> self = new AtomicReference<>();
        try (RestApiServer server = new RestApiServer(RestApiSettings.listen("127.0.0.1:0"), CURRENT::get,
                Fixtures.CLOCK).unsafe(HandlerType.POST, "/move", ctx -> {
                    self.get().reload(RestApiSettings.listen("127.0.0.2:0"));
                    ctx.status(202).result("moved");
                }).start()) {
            self.set(server);
            int before = server.port();
            assertThat(post("127.0.0.1", before, "/move")).isEqualTo("202 moved");
            assertThat(server.port()).isNotEqualTo(0);
            assertThat(post("127.0.0.1", "127.0.0.2", server.port(), "/move")).isEqualTo("202 moved");
        }
    }

    private static String post(String from, String to, int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(to, port), 5000);
            s.getOutputStream().write(("POST " + path + " HTTP/1.0\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return responseOf(s.getInputStream());
        }
    }

    static BigInteger serialOf(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in)).getSerialNumber();
        }
    }

    /** The serial of the certificate the server presents to a new TLS connection (trusting anything). */
    static BigInteger servedSerial(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
