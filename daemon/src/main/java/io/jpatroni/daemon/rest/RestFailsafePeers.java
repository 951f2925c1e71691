package io.jpatroni.daemon.rest;

import io.jpatroni.daemon.loop.FailsafePeers;
import io.jpatroni.daemon.model.FailsafeRound;
import io.jpatroni.pycompat.PyJson;
import io.jpatroni.restclient.PatroniApiClient;
import io.jpatroni.restclient.PeerAnswer;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primary's round of {@code POST /failsafe} (Patroni's {@code check_failsafe_topology} and
 * {@code call_failsafe_member}): every other member of the {@code failsafe} key at once, 2 seconds each, one more try
 * when the connection could not be made; a member accepts only with 200 and the body {@code Accepted}.
 */
public final class RestFailsafePeers implements FailsafePeers {
    private static final Logger log = LoggerFactory.getLogger(RestFailsafePeers.class);

    private final PatroniApiClient client;
    private final String body;
    private final Duration timeout;

    /**
     * @param name    this member's name
     * @param connUrl its PostgreSQL {@code conn_url}
     * @param apiUrl  its REST {@code api_url}
     */
    public RestFailsafePeers(PatroniApiClient client, String name, String connUrl, String apiUrl, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
        Map<String, Object> ping = new LinkedHashMap<>();
        ping.put("name", name);
        ping.put("conn_url", connUrl);
        ping.put("api_url", apiUrl);
        ping.put("slots", null);   // replicas advance permanent slots from the status key only, not during an outage
        this.body = PyJson.dumps(ping);
    }

    /** The JSON this node sends, as Patroni's {@code json.dumps} writes it. */
    String body() {
        return body;
    }

    @Override
    public Map<String, FailsafeRound.Answer> confirm(Map<String, String> members) {
        Map<String, CompletableFuture<FailsafeRound.Answer>> pending = new LinkedHashMap<>();
        members.forEach((name, apiUrl) -> pending.put(name, ask(name, apiUrl)));
        Map<String, FailsafeRound.Answer> out = new LinkedHashMap<>();
        pending.forEach((name, f) -> out.put(name, f.join()));
        return out;
    }

    private CompletableFuture<FailsafeRound.Answer> ask(String name, String apiUrl) {
        URI url;
        try {
            url = endpoint(apiUrl);
        } catch (IllegalArgumentException e) {
            log.warn("Request failed to {}: POST {} ({})", name, apiUrl, e.getMessage());
            return CompletableFuture.completedFuture(FailsafeRound.Answer.refused());
        }
        return client.postAsync(url, body, timeout)
                .exceptionallyCompose(e -> connectFailed(e) ? client.postAsync(url, body, timeout)
                        : CompletableFuture.failedFuture(e))
                .handle((answer, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        log.warn("Request failed to {}: POST {} ({})", name, apiUrl, cause.toString());
                        return FailsafeRound.Answer.refused();
                    }
                    log.info("Got response from {} {}: {}", name, apiUrl, answer.body());
                    return new FailsafeRound.Answer(answer.status() == 200 && "Accepted".equals(answer.body()),
                            lsn(answer));
                });
    }

    /** Patroni's urllib3 {@code retries=1}: a POST is sent again only when no connection was made. */
    private static boolean connectFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {   // refused, unreachable or timed out (UrlConnectionCall)
                return true;
            }
        }
        return false;
    }

    private static OptionalLong lsn(PeerAnswer answer) {
        try {
            return answer.header("lsn").map(v -> OptionalLong.of(Long.parseLong(v.trim())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The member's {@code api_url} with the path {@code /failsafe} (Patroni replaces the path, drops the query). */
    static URI endpoint(String apiUrl) {
        URI u = URI.create(apiUrl);
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            throw new IllegalArgumentException("not an absolute URL");
        }
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + "/failsafe");
    }
}
