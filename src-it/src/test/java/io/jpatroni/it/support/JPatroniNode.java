package io.jpatroni.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real {@code bin/jpatroni CONFIG.yml} process with its own data directory, started as the test's (unprivileged) user. */
public final class JPatroniNode implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final NodeConfig config;
    private final HttpClient http;
    private Process process;

    public JPatroniNode(NodeConfig config) {
        this.config = config;
        this.http = config.tls().map(t -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1))
                .sslContext(t.https(true)).build()).orElse(HTTP);
    }

    public String name() {
        return config.name();
    }

    public NodeConfig config() {
        return config;
    }

    public Path log() {
        return config.dir().resolve(config.name() + ".log");
    }

    public synchronized JPatroniNode start() {
        try {
            Files.createDirectories(config.dir());
            Files.writeString(config.configFile(), config.yaml());
            if (config.tls().isPresent() && !Files.exists(config.restCert())) {
                Files.copy(config.tls().get().restServerCert(), config.restCert());
                Files.copy(config.tls().get().restServerKey(), config.restKey());
            }
            ProcessBuilder pb = new ProcessBuilder(Repo.path("bin/jpatroni").toString(),
                    config.configFile().toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start jpatroni " + config.name(), e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** SIGTERM, then wait for a clean exit; returns the exit code. */
    public synchronized int stop(Duration timeout) {
        if (process == null) {
            return 0;
        }
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(config.name() + " did not exit within " + timeout + " of SIGTERM");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kill -9 of the agent and of its postmaster, as a power cut of the node would. */
    public synchronized void killHard() {
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public Optional<Long> postmasterPid() {
        Path pidFile = config.dataDir().resolve("postmaster.pid");
        try {
            String first = Files.readAllLines(pidFile).get(0).trim();
            return Optional.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The REST API's URL for {@code path} (https in a TLS cluster). */
    public URI url(String path) {
        return URI.create(config.restScheme() + "://127.0.0.1:" + config.restPort() + path);
    }

    /** GET on the node's REST API (with the client certificate in a TLS cluster): status and body, or empty. */
    public Optional<HttpResponse<String>> get(String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(2)).GET().build();
            return Optional.of(http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public int status(String path) {
        return get(path).map(HttpResponse::statusCode).orElse(-1);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + config.pgPort() + "/postgres"
                + config.tls().map(ClusterCerts::jdbcParameters).orElse("");
    }

    public String logTail(int lines) {
        try {
            var all = Files.readAllLines(log());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            try {
                stop(Duration.ofSeconds(30));
            } catch (IllegalStateException e) {
                killHard();
            }
        }
        // a postmaster left behind by a kill -9 test
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }
}
