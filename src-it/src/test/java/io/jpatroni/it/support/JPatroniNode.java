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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real {@code bin/jpatroni CONFIG.yml} process with its own data directory, started as the test's (unprivileged) user. */
public final class JPatroniNode implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final NodeConfig config;
    private final String yaml;
    private final HttpClient http;
    private Process process;

    public JPatroniNode(NodeConfig config) {
        this(config, config.yaml());
    }

    /** A node started from {@code yaml} instead of {@link NodeConfig#yaml()} (ports and directories still from config). */
    public JPatroniNode(NodeConfig config, String yaml) {
        this.config = config;
        this.yaml = yaml;
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

    /** Writes the node's YAML and starts {@code bin/jpatroni CONFIG.yml}. */
    public synchronized JPatroniNode start() {
        return start(yaml);
    }

    /** Starts with {@code yaml} as the configuration file instead of the config's own. */
    public synchronized JPatroniNode start(String yaml) {
        try {
            Files.createDirectories(config.dir());
            Files.writeString(config.configFile(), yaml);
            if (config.tls().isPresent() && !Files.exists(config.restCert())) {
                Files.copy(config.tls().get().restServerCert(), config.restCert());
                Files.copy(config.tls().get().restServerKey(), config.restKey());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the configuration of " + config.name(), e);
        }
        return launch(List.of(), List.of(config.configFile().toString()), Map.of(), null);
    }

    /** Starts {@code PREFIX... bin/jpatroni CONFIG.yml} with the file already written, e.g. under {@code nohup}. */
    public synchronized JPatroniNode startUnder(List<String> prefix) {
        return launch(prefix, List.of(config.configFile().toString()), Map.of(), null);
    }

    /**
     * Starts {@code bin/jpatroni args...} in {@code workDir} with {@code environment} as its only Patroni variables
     * (nothing is written: the caller provides the file, if any).
     */
    public synchronized JPatroniNode start(List<String> args, Map<String, String> environment, Path workDir) {
        return launch(List.of(), args, environment, workDir.toFile());
    }

    private JPatroniNode launch(List<String> prefix, List<String> args, Map<String, String> environment,
                                java.io.File workDir) {
        try {
            Files.createDirectories(config.dir());
            List<String> command = new ArrayList<>(prefix);
            command.add(Repo.path("bin/jpatroni").toString());
            command.addAll(args);
            ProcessBuilder pb = Processes.withoutPatroniEnvironment(new ProcessBuilder(command));
            pb.environment().putAll(environment);
            pb.directory(workDir);
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            process = pb.start();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start jpatroni " + config.name(), e);
        }
    }

    /** {@code kill -HUP}: the agent reloads its configuration. */
    public synchronized void sighup() {
        Processes.run(new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())), Duration.ofSeconds(5));
    }

    /** {@code POST path} with the test clusters' REST credentials; the status code, -1 when it does not answer. */
    public int post(String path) {
        return post(path, "patroni", "restsecret");
    }

    public int post(String path, String username, String password) {
        String auth = Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.restPort() + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + auth)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits for the process to exit by itself; empty when it still runs after {@code timeout}. */
    public Optional<Integer> awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            p = process;
        }
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(p.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
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

    /** The first column of the first row of {@code sql}, run as the superuser on this node's PostgreSQL. */
    public String queryOne(String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = superuserConnection();
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Runs {@code statements} in order, as the superuser, each in its own transaction. */
    public void execute(String... statements) throws java.sql.SQLException {
        try (java.sql.Connection c = superuserConnection(); java.sql.Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    private java.sql.Connection superuserConnection() throws java.sql.SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        return java.sql.DriverManager.getConnection(jdbcUrl(), p);
    }

    public String logTail(int lines) {
        return Processes.tail(log(), lines);
    }

    /** How many lines the node has logged so far: what it logs next is {@link #logSince} this mark. */
    public int logMark() {
        return logLines().size();
    }

    /** What the node logged after {@code mark} (from {@link #logMark}), so that a test reads only its own effects. */
    public String logSince(int mark) {
        List<String> all = logLines();
        return String.join("\n", all.subList(Math.min(mark, all.size()), all.size()));
    }

    private List<String> logLines() {
        try {
            return Files.readAllLines(log());
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "jpatroni " + config.name();
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
