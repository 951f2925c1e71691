package io.jpatroni.restapi;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Patroni's {@code check_access} for unsafe methods: the client's address against the allowlist (when set), the
 * client certificate (when verified), then HTTP basic auth.
 */
final class AccessCheck {
    static final String REALM = "Basic realm=\"Patroni\"";
    private static final String CERT_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final boolean certificateRequired;
    private final Optional<byte[]> expectedKey;
    private final Allowlist allowlist;

    AccessCheck(RestApiSettings settings) {
        this(settings, List::of);
    }

    /** @param memberApiUrls the members' {@code api_url} in the last DCS view (for allowlist_include_members) */
    AccessCheck(RestApiSettings settings, Supplier<List<String>> memberApiUrls) {
        this.allowlist = Allowlist.of(settings.allowlist(), settings.allowlistIncludeMembers(), memberApiUrls);
        this.certificateRequired = settings.tls() && settings.verifyClient() != RestApiSettings.VerifyClient.NONE;
        this.expectedKey = settings.authRequired()
                ? Optional.of(Base64.getEncoder().encodeToString((settings.username().get() + ":"
                        + settings.password().get()).getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /** Why the request is refused (status and plain-text body), or empty when it may proceed. */
    Optional<Refusal> refusal(Context ctx) {
        if (allowlist.enforced() && !allowlist.allows(clientAddress(ctx))) {
            return Optional.of(new Refusal(403, "Access is denied"));
        }
        if (certificateRequired && ctx.req().getAttribute(CERT_ATTRIBUTE) == null) {
            return Optional.of(new Refusal(403, "client certificate required"));
        }
        if (expectedKey.isEmpty()) {
            return Optional.empty();
        }
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.of(new Refusal(401, "no auth header received"));
        }
        if (!header.startsWith("Basic ") || !MessageDigest.isEqual(
                header.substring(6).strip().getBytes(StandardCharsets.UTF_8), expectedKey.get())) {
            return Optional.of(new Refusal(401, "not authenticated"));
        }
        return Optional.empty();
    }

    private static InetAddress clientAddress(Context ctx) {
        try {
            return InetAddress.getByName(ctx.req().getRemoteAddr()); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("remote address " + ctx.req().getRemoteAddr(), e);
        }
    }

    record Refusal(int status, String message) {
    }
}
