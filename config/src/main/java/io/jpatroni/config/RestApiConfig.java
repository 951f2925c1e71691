package io.jpatroni.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The {@code restapi} section. Empty strings stand for a missing listen/connect_address (an error). */
public record RestApiConfig(
        String listen,
        String connectAddress,
        Optional<BasicAuth> authentication,
        Optional<String> certfile,
        Optional<String> keyfile,
        Optional<Secret> keyfilePassword,
        Optional<String> cafile,
        Optional<String> ciphers,
        VerifyClient verifyClient,
        List<String> allowlist,
        boolean allowlistIncludeMembers,
        Map<String, Object> httpExtraHeaders,
        Map<String, Object> httpsExtraHeaders,
        int requestQueueSize) {

    /** {@code restapi.verify_client}. */
    public enum VerifyClient { NONE, OPTIONAL, REQUIRED }

    public RestApiConfig {
        allowlist = List.copyOf(allowlist);
        httpExtraHeaders = Maps.frozen(httpExtraHeaders);
        httpsExtraHeaders = Maps.frozen(httpsExtraHeaders);
    }

    public boolean tls() {
        return certfile.isPresent();
    }

    static RestApiConfig read(Section s) {
        RestApiConfig config = new RestApiConfig(
                s.string("listen", ""),
                s.string("connect_address", ""),
                BasicAuth.read(s),
                s.string("certfile"),
                s.string("keyfile"),
                s.secret("keyfile_password"),
                s.string("cafile"),
                s.string("ciphers"),
                s.oneOf("verify_client", "none", "optional", "required")
                        .map(v -> VerifyClient.valueOf(v.toUpperCase(Locale.ROOT)))
                        .orElse(VerifyClient.NONE),
                s.stringOrList("allowlist").orElse(List.of()),
                s.bool("allowlist_include_members", false),
                s.map("http_extra_headers"),
                s.map("https_extra_headers"),
                queueSize(s));
        s.markKnown("server_tokens", "auth");
        s.reportUnknownKeys();
        return config;
    }

    private static int queueSize(Section s) {
        int size = s.integer("request_queue_size", 5);
        if (size < 0 || size > 4096) {
            s.problems().error(s.pathOf("request_queue_size"), size, "must be between 0 and 4096");
            return 5;
        }
        return size;
    }

    @Override
    public String toString() {
        return SafeToString.of(this);
    }
}
