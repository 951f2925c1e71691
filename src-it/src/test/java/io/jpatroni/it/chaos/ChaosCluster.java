package io.jpatroni.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.jpatroni.it.support.NodeConfig;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Repo;
import io.jpatroni.it.support.Timings;

/**
 * The cluster under test, one process per host: etcd on e1..e3, PostgreSQL and the daemon (jpatroni or Patroni,
 * the same YAML) on n1..n3, HAProxy on h with the recommended checks. Starts, kills, freezes and restarts them; tells
 * who answers {@code /primary} and whether the cluster is healthy (one primary, every replica streaming).
 */
final class ChaosCluster {
    static final String SCOPE = "chaos";
    static final int PG_PORT = 5432;
    static final int REST_PORT = 8008;
    static final int WRITE_PORT = 5000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the campaign runs and how: the daemon's binary, the timings, the dynamic settings switched on. */
    record Options(Path daemon, Timings timings, boolean strict, boolean failsafe, boolean clockSteps) {
        boolean isJPatroni() {
            return !daemon.getFileName().toString().equals("patroni");
        }

        Options withClockSteps(boolean on) {
            return new Options(daemon, timings, strict, failsafe, on);
        }

        String daemonName() {
            return isJPatroni() ? "jpatroni" : "patroni";
        }
    }

    private final Hosts hosts;
    private final Path dir;
    private final Path logs;
    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    final List<Hosts.Host> nodes;
    final List<Hosts.Host> etcds;
    private final Map<String, Process> daemons = new LinkedHashMap<>();
    private final Map<String, Process> etcdProcesses = new LinkedHashMap<>();
    private Process haproxy;

    ChaosCluster(Hosts hosts, Path dir, Options options) {
        this.hosts = hosts;
        this.dir = dir;
        this.logs = dir.resolve("logs");
        this.options = options;
        this.nodes = List.of(hosts.get("n1"), hosts.get("n2"), hosts.get("n3"));
        this.etcds = List.of(hosts.get("e1"), hosts.get("e2"), hosts.get("e3"));
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Options options() {
        return options;
    }

    Hosts hosts() {
        return hosts;
    }

    Path logs() {
        return logs;
    }

    // ---- starting

    void start() {
        for (Hosts.Host e : etcds) {
            startEtcd(e);
        }
        for (Hosts.Host n : nodes) {
            startDaemon(n);
        }
        startHaProxy();
    }

    private List<String> etcdHosts() {
        return etcds.stream().map(e -> e.address() + ":2379").toList();
    }

    private void startEtcd(Hosts.Host e) {
        Path data = dir.resolve(e.name()).resolve("data");
        String peers = etcds.stream().map(m -> m.name() + "=http://" + m.address() + ":2380")
                .collect(Collectors.joining(","));
        etcdProcesses.put(e.name(), hosts.start(e, List.of("/usr/bin/etcd",
                "--name=" + e.name(), "--data-dir=" + data,
                "--listen-client-urls=http://" + e.address() + ":2379",
                "--advertise-client-urls=http://" + e.address() + ":2379",
                "--listen-peer-urls=http://" + e.address() + ":2380",
                "--initial-advertise-peer-urls=http://" + e.address() + ":2380",
                "--initial-cluster=" + peers, "--initial-cluster-state=new", "--initial-cluster-token=" + SCOPE,
                "--logger=zap", "--log-level=warn"), Map.of(), logs.resolve(e.name() + ".log")));
    }

    NodeConfig config(Hosts.Host n) {
        return new NodeConfig(SCOPE, n.name(), dir.resolve(n.name()), REST_PORT, PG_PORT, etcdHosts(),
                options.timings());
    }

    /** The test nodes' YAML ({@link NodeConfig}) on this host's address, plus the switched-on dynamic settings. */
    String yaml(Hosts.Host n) {
        String yaml = config(n).yaml()
                .replace("127.0.0.1:", n.address() + ":")
                .replace("127.0.0.1/32", hosts.subnet());
        String extra = "";
        if (options.strict()) {
            extra += "    synchronous_mode: true\n    synchronous_mode_strict: true\n";
        }
        if (options.failsafe()) {
            extra += "    failsafe_mode: true\n";
        }
        String anchor = "    retry_timeout: " + options.timings().retryTimeout() + "\n";
        if (!yaml.contains(anchor)) {
            throw new IllegalStateException("no retry_timeout line in the node YAML");
        }
        // fifty rounds make some forty timelines, and every promotion starts a WAL segment of its own: with 16 MB
        // segments and a cluster whose LSN hardly moves, the segments of every timeline stay (none is older than the
        // oldest one still needed) and pg_rewind copies them all: 700 MB after fifty rounds, a node's whole disk.
        // 1 MB segments and a bounded max_wal_size keep a full disk fault 7's doing only (the size a string:
        // Patroni 3.0.2 refuses an initdb value that is a number, jpatroni takes both).
        String walAnchor = "        fsync: \"off\"\n";
        String initdbAnchor = "  - data-checksums\n";
        if (!yaml.contains(walAnchor) || !yaml.contains(initdbAnchor)) {
            throw new IllegalStateException("no fsync or data-checksums line in the node YAML's bootstrap section");
        }
        return yaml.replace(anchor, anchor + extra).replace(walAnchor, walAnchor
                        + "        min_wal_size: 32MB\n        max_wal_size: 64MB\n        checkpoint_timeout: 30s\n")
                .replace(initdbAnchor, initdbAnchor + "  - wal-segsize: '1'\n");
    }

    synchronized void startDaemon(Hosts.Host n) {
        NodeConfig cfg = config(n);
        try {
            Files.writeString(cfg.configFile(), yaml(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = options.isJPatroni()
                ? List.of(Repo.path("bin/jpatroni").toString(), cfg.configFile().toString())
                : List.of(options.daemon().toString(), cfg.configFile().toString());
        Map<String, String> env = options.clockSteps() ? ClockStep.environment(this, n) : Map.of();
        daemons.put(n.name(), hosts.start(n, cmd, env, logs.resolve(n.name() + ".log")));
    }

    private void startHaProxy() {
        StringBuilder servers = new StringBuilder();
        for (Hosts.Host n : nodes) {
            servers.append("    server ").append(n.name()).append(' ').append(n.address()).append(':').append(PG_PORT)
                    .append(" maxconn 100 check port ").append(REST_PORT).append('\n');
        }
        String cfg = """
                global
                    maxconn 200
                defaults
                    mode tcp
                    retries 2
                    timeout client 30m
                    timeout connect 4s
                    timeout server 30m
                    timeout check 5s
                listen primary
                    bind %s:%d
                    option httpchk OPTIONS /primary
                    http-check expect status 200
                    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
                %s""".formatted(hosts.get("h").address(), WRITE_PORT, servers);
        Path file = dir.resolve("h").resolve("haproxy.cfg");
        try {
            Files.writeString(file, cfg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        haproxy = hosts.start(hosts.get("h"), List.of("/usr/sbin/haproxy", "-db", "-f", file.toString()), Map.of(),
                logs.resolve("haproxy.log"));
    }

    /** kill -9 of HAProxy and a new one at once (its checks start from scratch: every server up until it fails). */
    synchronized void restartHaProxy() {
        haproxy.destroyForcibly();
        try {
            haproxy.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        startHaProxy();
    }

    String writeUrl() {
        return "jdbc:postgresql://" + hosts.get("h").address() + ":" + WRITE_PORT + "/postgres";
    }

    static String directUrl(Hosts.Host n) {
        return "jdbc:postgresql://" + n.address() + ":" + PG_PORT + "/postgres";
    }

    // ---- faults on processes

    synchronized long daemonPid(Hosts.Host n) {
        return daemons.get(n.name()).pid();
    }

    synchronized boolean daemonAlive(Hosts.Host n) {
        Process p = daemons.get(n.name());
        return p != null && p.isAlive();
    }

    Optional<Long> postmasterPid(Hosts.Host n) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(config(n).dataDir().resolve("postmaster.pid"))
                    .get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** kill -9 of the daemon and of its postmaster: the node's power is cut. */
    synchronized void killHard(Hosts.Host n) {
        Optional<Long> pm = postmasterPid(n);
        Process p = daemons.get(n.name());
        p.destroyForcibly();
        pm.ifPresent(pid -> Hosts.signal(pid, "KILL"));
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts every daemon that is not running (after a kill). */
    synchronized void restartDead() {
        for (Hosts.Host n : nodes) {
            if (!daemonAlive(n)) {
                startDaemon(n);
            }
        }
        for (Hosts.Host e : etcds) {
            if (!etcdProcesses.get(e.name()).isAlive()) {
                throw new IllegalStateException("etcd " + e.name() + " died: " + tail(e.name(), 20));
            }
        }
        if (!haproxy.isAlive()) {
            startHaProxy();
        }
    }

    // ---- what the cluster says

    /** The status code of {@code GET path} on a node's REST API, -1 when it does not answer within 1 s. */
    int status(Hosts.Host n, String path) {
        return get(n, path).map(HttpResponse::statusCode).orElse(-1);
    }

    Optional<HttpResponse<String>> get(Hosts.Host n, String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + n.address() + ":" + REST_PORT + path))
                    .timeout(Duration.ofSeconds(1)).GET().build();
            return Optional.of(http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    HttpClient http() {
        return http;
    }

    /** {@code POST path} with a JSON body and the REST credentials; the status code, -1 without an answer. */
    int post(Hosts.Host n, String path, String body) {
        String auth = Base64.getEncoder().encodeToString("patroni:restsecret".getBytes(StandardCharsets.UTF_8));
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + n.address() + ":" + REST_PORT + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + auth)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The only node answering {@code /primary} 200, if exactly one does. */
    Optional<Hosts.Host> leader() {
        List<Hosts.Host> primaries = nodes.stream().filter(n -> status(n, "/primary") == 200).toList();
        return primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
    }

    List<Hosts.Host> replicasOf(Hosts.Host leader) {
        return nodes.stream().filter(n -> !n.equals(leader)).toList();
    }

    /** Why the cluster is not healthy, or empty when one primary streams to every replica and each says so. */
    Optional<String> unhealthy() {
        Optional<Hosts.Host> leader = leader();
        if (leader.isEmpty()) {
            return Optional.of("not exactly one node answers /primary 200");
        }
        Optional<HttpResponse<String>> status = get(leader.get(), "/patroni");
        if (status.isEmpty()) {
            return Optional.of("the leader " + leader.get().name() + " does not answer /patroni");
        }
        List<String> streaming = new ArrayList<>();
        try {
            for (JsonNode r : JSON.readTree(status.get().body()).path("replication")) {
                if ("streaming".equals(r.path("state").asText())) {
                    streaming.add(r.path("application_name").asText());
                }
            }
        } catch (IOException e) {
            return Optional.of("unreadable /patroni: " + e);
        }
        for (Hosts.Host r : replicasOf(leader.get())) {
            if (!streaming.contains(r.name())) {
                return Optional.of(r.name() + " does not stream from " + leader.get().name());
            }
            if (status(r, "/replica") != 200) {
                return Optional.of(r.name() + " does not answer /replica 200");
            }
        }
        return Optional.empty();
    }

    /** The last lines of a process's log (n1..n3, e1..e3, haproxy). */
    String tail(String name, int lines) {
        return Processes.tail(logs.resolve(name + ".log"), lines);
    }

    String allTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Hosts.Host n : nodes) {
            sb.append("===== ").append(n.name()).append('\n').append(tail(n.name(), lines)).append('\n');
        }
        return sb.toString();
    }
}
