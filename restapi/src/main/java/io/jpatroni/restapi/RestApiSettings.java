package io.jpatroni.restapi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code restapi} section as the server needs it.
 *
 * @param host              listen address ({@code 0.0.0.0}, {@code 127.0.0.1}, {@code ::}...)
 * @param port              listen port (0 picks a free one, for tests)
 * @param certfile          PEM certificate chain (may also hold the key); TLS is on when set
 * @param keyfile           PEM private key (PKCS#8, PKCS#1 RSA, or encrypted PKCS#8 with {@code keyfilePassword})
 * @param keyfilePassword   password of an encrypted key
 * @param cafile            PEM CA bundle used to verify client certificates
 * @param verifyClient      {@code verify_client}
 * @param username          {@code authentication.username} (with {@code password}: basic auth for unsafe methods)
 * @param password          {@code authentication.password}
 * @param httpExtraHeaders  headers added to every response with a body
 * @param httpsExtraHeaders headers added too when TLS is on
 * @param allowlist         {@code allowlist}: addresses, host names and CIDR networks that may call unsafe methods
 * @param allowlistIncludeMembers {@code allowlist_include_members}: the members' REST addresses may too
 */
public record RestApiSettings(String host, int port, Optional<Path> certfile, Optional<Path> keyfile,
                              Optional<String> keyfilePassword, Optional<Path> cafile, VerifyClient verifyClient,
                              Optional<String> username, Optional<String> password,
                              Map<String, String> httpExtraHeaders, Map<String, String> httpsExtraHeaders,
                              List<String> allowlist, boolean allowlistIncludeMembers) {

    public enum VerifyClient {
        NONE, OPTIONAL, REQUIRED;

        /** Parses Patroni's {@code none|optional|required} (absent means none). */
        public static VerifyClient parse(String value) {
            return value == null ? NONE : valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        }
    }

    public RestApiSettings {
        httpExtraHeaders = Map.copyOf(httpExtraHeaders);
        httpsExtraHeaders = Map.copyOf(httpsExtraHeaders);
        allowlist = List.copyOf(allowlist);
    }

    /** Plain HTTP, no auth. */
    public static RestApiSettings plain(String host, int port) {
        return new RestApiSettings(host, port, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                VerifyClient.NONE, Optional.empty(), Optional.empty(), Map.of(), Map.of(), List.of(), false);
    }

    /** Parses Patroni's {@code listen} value: {@code host:port}, {@code :port}, {@code [::1]:port}. */
    public static RestApiSettings listen(String listen) {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("restapi.listen: \"" + listen + "\" is not host:port");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return plain(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(listen.substring(colon + 1).strip()));
    }

    public boolean tls() {
        return certfile.isPresent();
    }

    public boolean authRequired() {
        return username.isPresent() && password.isPresent();
    }

    public RestApiSettings withTls(Path cert, Optional<Path> key, Optional<String> keyPassword) {
        return new RestApiSettings(host, port, Optional.of(cert), key, keyPassword, cafile, verifyClient, username,
                password, httpExtraHeaders, httpsExtraHeaders, allowlist, allowlistIncludeMembers);
    }

    public RestApiSettings withClientVerification(Path ca, VerifyClient mode) {
        return new RestApiSettings(host, port, certfile, keyfile, keyfilePassword, Optional.of(ca), mode, username,
                password, httpExtraHeaders, httpsExtraHeaders, allowlist, allowlistIncludeMembers);
    }

    public RestApiSettings withAuth(String user, String pass) {
        return new RestApiSettings(host, port, certfile, keyfile, keyfilePassword, cafile, verifyClient,
                Optional.of(user), Optional.of(pass), httpExtraHeaders, httpsExtraHeaders, allowlist,
                allowlistIncludeMembers);
    }

    public RestApiSettings withExtraHeaders(Map<String, String> http, Map<String, String> https) {
        return new RestApiSettings(host, port, certfile, keyfile, keyfilePassword, cafile, verifyClient, username,
                password, http, https, allowlist, allowlistIncludeMembers);
    }

    /** Patroni's {@code allowlist} and {@code allowlist_include_members}. */
    public RestApiSettings withAllowlist(List<String> entries, boolean includeMembers) {
        return new RestApiSettings(host, port, certfile, keyfile, keyfilePassword, cafile, verifyClient, username,
                password, httpExtraHeaders, httpsExtraHeaders, entries, includeMembers);
    }

    /** Same listener (address, port, http or https): a reload can keep the socket. */
    public boolean sameListener(RestApiSettings other) {
        return host.equals(other.host) && port == other.port && tls() == other.tls();
    }
}
