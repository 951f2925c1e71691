package io.jpatroni.it.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) scraping the given REST APIs' {@code /metrics} every
 * second, its data directory under {@code dir}, on a free loopback port; queried through its HTTP API.
 */
public final class Prometheus implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int port;
    private Process process;

    private Prometheus(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** @param targets {@code host:port} of each REST API */
    public static Prometheus start(Path dir, List<String> targets) throws IOException {
        Prometheus p = new Prometheus(dir, FreePorts.next());
        p.launch(targets);
        return p;
    }

    static String config(List<String> targets) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: jpatroni
                    metrics_path: /metrics
                    static_configs:
                      - targets: [%s]
                """.formatted(targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")));
    }

    private void launch(List<String> targets) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path cfg = dir.resolve("prometheus.yml");
        Files.writeString(cfg, config(targets));
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "--config.file=" + cfg,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h", "--log.level=warn");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log().toFile());
        process = pb.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get("/-/ready").statusCode() == 200);
    }

    public Path log() {
        return dir.resolve("prometheus.log");
    }

    /** An instant query's {@code data.result} (array of {@code {metric, value}}); fails on an error status. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("query " + promql + " answered " + r.statusCode() + ": " + r.body());
        }
        return body.path("data").path("result");
    }

    /** The active scrape targets, each with {@code scrapeUrl}, {@code health} and {@code lastError}. */
    public JsonNode targets() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/targets?state=active").body()).path("data").path("activeTargets");
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code promtool check metrics} on {@code text}: its exit code and what it printed. */
    public static Processes.Result checkMetrics(String text) {
        return Processes.runAny(new ProcessBuilder(PROMTOOL.toString(), "check", "metrics"), Duration.ofSeconds(30),
                text);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
