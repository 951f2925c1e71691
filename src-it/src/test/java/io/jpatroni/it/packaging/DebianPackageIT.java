package io.jpatroni.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jpatroni.it.support.ClusterExtension;
import io.jpatroni.it.support.EtcdCluster;
import io.jpatroni.it.support.FreePorts;
import io.jpatroni.it.support.Processes;
import io.jpatroni.it.support.Repo;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Debian package the build made (packaging/target/jpatroni_*_all.deb), installed by dpkg itself into a directory
 * ({@code dpkg --root=DIR --force-script-chrootless}: the maintainer scripts run with {@code DPKG_ROOT=DIR}), so that
 * the build's unprivileged user can install it and nothing is left on the machine: the post-install makes the
 * class-data-sharing archives; the unit's {@code ExecStart} line, run as its {@code User}, starts a node on a real
 * etcd from the shipped example configuration; {@code jpatronictl list} from the installed files shows it leading;
 * {@code dpkg -r} removes the files and what the post-install made, keeping the conffile a user changed, and
 * {@code --purge} that too. scripts/test also installs it on the machine for real (as root) and removes it.
 */
class DebianPackageIT {
    @RegisterExtension
    static final ClusterExtension<EtcdCluster> ETCD = ClusterExtension.of(() -> EtcdCluster.start(1));

    @TempDir
    Path work;

    private Process node;

    @AfterEach
    void stopNode() throws InterruptedException {
        if (node != null && node.isAlive()) {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void installsStartsANodeFromTheUnitListsItAndRemovesCleanly() throws Exception {
        Path deb = deb();
        Path root = work.resolve("root");
        for (String d : List.of("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.createFile(root.resolve("var/lib/dpkg/status"));

        dpkg(root, "-i", deb.toString());
        for (String f : List.of("usr/bin/jpatroni", "usr/bin/jpatronictl", "usr/bin/jpatroni-fence",
                "usr/share/jpatroni/jpatroni.jar", "usr/share/jpatroni/jpatronictl.jar",
                "usr/share/jpatroni/bin/jpatroni-fence", "lib/systemd/system/jpatroni.service",
                "etc/patroni/config.yml.example", "usr/share/bash-completion/completions/jpatronictl",
                "var/cache/jpatroni/jpatroni.jsa", "var/cache/jpatroni/jpatronictl.jsa")) {
            assertThat(root.resolve(f)).as(f).exists();
        }
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/jpatroni")))
                .isEqualTo(Path.of("../share/jpatroni/bin/jpatroni"));
        assertThat(Files.readAllLines(root.resolve("var/lib/dpkg/info/jpatroni.conffiles")))
                .containsExactly("/etc/patroni/config.yml.example");

        // the archives the post-install made are the ones the installed launchers use (-Xshare:on fails otherwise)
        assertThat(run(root, Map.of("JPATRONI_JAVA_OPTS", "-Xshare:on"), "/usr/bin/jpatroni", "--version").output())
                .matches("jpatroni \\S+ \\(commit \\S+\\)\\n");
        assertThat(run(root, Map.of("JPATRONICTL_JAVA_OPTS", "-Xshare:on"), "/usr/bin/jpatronictl", "version")
                .output()).startsWith("jpatronictl version ");
        assertThat(run(root, Map.of(), "/usr/bin/jpatroni", "--validate-config",
                "/etc/patroni/config.yml.example").exitCode()).as("the example validates").isZero();
        // the fence the daemon starts from its home (-Djpatroni.home=/usr/share/jpatroni): ready, and gone with stdin
        Processes.Result fence = run(root, Map.of(), "/usr/bin/jpatroni-fence", work.toString());
        assertThat(fence.exitCode()).as(fence.output()).isZero();
        assertThat(fence.output()).contains("ready ");

        // the unit: Patroni's shape, and its ExecStart line starts a node on the example configuration made local
        String unit = Files.readString(root.resolve("lib/systemd/system/jpatroni.service"));
        assertThat(unit).contains("User=postgres", "ExecReload=/bin/kill -s HUP $MAINPID", "Restart=on-failure",
                "KillMode=process");
        assertThat(System.getProperty("user.name")).as("the ITs run as the unit's user").isEqualTo("postgres");
        String execStart = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow()
                .substring("ExecStart=".length());
        assertThat(execStart).isEqualTo("/usr/bin/jpatroni /etc/patroni/config.yml");
        int rest = FreePorts.next();
        writeLocalConfig(root, rest, FreePorts.next());
        List<String> command = new ArrayList<>();
        for (String word : execStart.split(" ")) {
            command.add(word.startsWith("/") ? root + word : word);
        }
        Path log = work.resolve("node.log");
        node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .failFast("the node exited: " + Processes.tail(log, 30), () -> !node.isAlive())
                .until(() -> status(http, "http://127.0.0.1:" + rest + "/primary") == 200);

        Processes.Result list = run(root, Map.of(), "/usr/bin/jpatronictl", "-c", "/etc/patroni/config.yml", "list");
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).startsWith("+ Cluster: deb-it ").containsPattern("\\| node1 +\\| [0-9.:]+ +\\| Leader +\\| running +\\|");

        node.destroy();
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(Processes.tail(log, 30)).isZero();

        // a changed conffile survives a reinstall and a removal; purge takes it
        Path example = root.resolve("etc/patroni/config.yml.example");
        Files.writeString(example, "# mine\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        dpkg(root, "-i", deb.toString());
        assertThat(Files.readString(example)).endsWith("# mine\n");
        dpkg(root, "-r", "jpatroni");
        assertThat(installedFiles(root)).containsExactlyInAnyOrder("etc/patroni/config.yml.example",
                "etc/patroni/config.yml");
        assertThat(root.resolve("var/cache/jpatroni")).doesNotExist();
        dpkg(root, "--purge", "jpatroni");
        assertThat(installedFiles(root)).containsExactly("etc/patroni/config.yml");
    }

    /** The shipped example with this machine's loopback addresses, ports, directories and the test's etcd. */
    @SuppressWarnings("unchecked")
    private void writeLocalConfig(Path root, int restPort, int pgPort) throws IOException {
        Map<String, Object> c = new Yaml().load(Files.readString(root.resolve("etc/patroni/config.yml.example")));
        c.put("scope", "deb-it");
        Map<String, Object> restapi = (Map<String, Object>) c.get("restapi");
        restapi.put("listen", "127.0.0.1:" + restPort);
        restapi.put("connect_address", "127.0.0.1:" + restPort);
        ((Map<String, Object>) c.get("etcd3")).put("hosts", String.join(",", ETCD.cluster().hosts()));
        Map<String, Object> pg = (Map<String, Object>) c.get("postgresql");
        Path data = work.resolve("pg");
        pg.put("listen", "127.0.0.1:" + pgPort);
        pg.put("connect_address", "127.0.0.1:" + pgPort);
        pg.put("data_dir", data.resolve("data").toString());
        pg.put("pgpass", data.resolve("pgpass").toString());
        pg.put("pg_hba", List.of("local all all trust", "host all all 127.0.0.1/32 trust"));
        ((Map<String, Object>) pg.get("parameters")).put("unix_socket_directories", work.toString());
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(root.resolve("etc/patroni/config.yml"), new Yaml(o).dump(c));
    }

    private static Path deb() throws IOException {
        try (Stream<Path> s = Files.list(Repo.path("packaging/target"))) {
            return s.filter(p -> p.getFileName().toString().matches("jpatroni_.*_all\\.deb"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow(() ->
                            new IllegalStateException("no packaging/target/jpatroni_*_all.deb: mvn package first"));
        }
    }

    /**
     * dpkg on the directory {@code root} as this user: no chroot (the scripts see {@code DPKG_ROOT}), the Java
     * dependency is the machine's, not the empty root's.
     */
    private static void dpkg(Path root, String... args) {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-not-root",
                "--force-script-chrootless", "--force-depends", "--force-confold", "--log=/dev/null"));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        Processes.run(pb, Duration.ofSeconds(90));
    }

    /** An installed program, its installed paths ({@code /usr/...}, {@code /etc/...}) taken inside {@code root}. */
    private static Processes.Result run(Path root, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        for (String a : args) {
            cmd.add(a.startsWith("/usr/") || a.startsWith("/etc/") ? root + a : a);
        }
        ProcessBuilder pb = Processes.withoutPatroniEnvironment(new ProcessBuilder(cmd));
        pb.environment().putAll(env);
        return Processes.runAny(pb, Duration.ofSeconds(60));
    }

    private static List<String> installedFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !Files.isDirectory(p)).map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("var/lib/dpkg/")).toList();
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }
}
