package io.jpatroni.postgres.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jpatroni.postgres.ConnectionTarget;
import io.jpatroni.postgres.RoleCredentials;
import io.jpatroni.postgres.Postgres;
import io.jpatroni.postgres.PostgresSettings;
import io.jpatroni.postgres.PostgresTimeouts;
import io.jpatroni.postgres.bootstrap.BootstrapSpec;
import io.jpatroni.postgres.bootstrap.InitdbOption;
import io.jpatroni.postgres.process.PostmasterProbe;
import io.jpatroni.postgres.process.SystemProcessRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real PostgreSQL 15 nodes for one test: temp directories under /tmp, free loopback ports, lean settings, and
 * every postmaster stopped (immediate) after the test whatever happened.
 */
public final class PgNodes implements BeforeEachCallback, AfterEachCallback {
    public static final Path BIN = Path.of(System.getProperty("jpatroni.pg.bin", "/usr/lib/postgresql/15/bin"));
    public static final RoleCredentials SUPERUSER = RoleCredentials.of("postgres", "supersecret");
    public static final RoleCredentials REPLICATION = RoleCredentials.of("replicator", "replsecret");
    public static final RoleCredentials REWIND = RoleCredentials.of("rewind_user", "rewindsecret");
    public static final List<String> HBA = List.of("local all all trust",
            "host replication replicator 127.0.0.1/32 md5", "host all all 127.0.0.1/32 md5");

    private final List<Postgres> nodes = new ArrayList<>();
    private Path root;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "PostgreSQL does not run as root");
        assumeTrue(Files.isExecutable(BIN.resolve("postgres")), "no PostgreSQL binaries in " + BIN);
        root = Files.createTempDirectory(Path.of("/tmp"), "jpatroni-pg-");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (Postgres pg : nodes) {
            try {
                if (PostmasterProbe.probe(pg.settings().dataDir()).isRunning()) {
                    new ProcessBuilder(BIN.resolve("pg_ctl").toString(), "stop", "-m", "immediate", "-w", "-D",
                            pg.settings().dataDir().toString()).inheritIO().start().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pg.close();
            }
        }
        if (root != null) {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public Path root() {
        return root;
    }

    public PostgresSettings.Builder settings(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir.resolve("sock"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return PostgresSettings.builder(name, "test", dir.resolve("data"), BIN)
                .listen("127.0.0.1", freePort())
                .pgpass(dir.resolve("pgpass"))
                .credentials(SUPERUSER, REPLICATION, REWIND)
                .pgHba(HBA)
                .pgCtlTimeout(Duration.ofSeconds(30))
                .parameters(Map.of("unix_socket_directories", dir.resolve("sock").toString(), "fsync", "off",
                        "shared_buffers", "16MB", "max_connections", "20", "max_wal_senders", "5",
                        "max_replication_slots", "5", "logging_collector", "off", "synchronous_commit", "off"));
    }

    public Postgres node(PostgresSettings settings) {
        Postgres pg = Postgres.create(settings, new SystemProcessRunner(),
                new PostgresTimeouts(Duration.ofMinutes(5), Duration.ofMillis(200), Duration.ofMinutes(5)));
        nodes.add(pg);
        return pg;
    }

    public Postgres node(String name) {
        return node(settings(name).build());
    }

    /** A running primary bootstrapped like node1.yml (UTF8, checksums, md5 over TCP). */
    public Postgres primary(String name) {
        Postgres pg = node(name);
        pg.bootstrap(defaultBootstrap());
        return pg;
    }

    public static BootstrapSpec defaultBootstrap() {
        return new BootstrapSpec(List.of(InitdbOption.of("encoding", "UTF8"), InitdbOption.flag("data-checksums"),
                InitdbOption.of("auth-local", "trust"), InitdbOption.of("auth-host", "md5")),
                List.of(), List.of(), Optional.empty());
    }

    public static ConnectionTarget target(Postgres pg, RoleCredentials who) {
        return pg.settings().local(who);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
