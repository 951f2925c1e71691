package io.jpatroni.ctl;

import io.jpatroni.ctl.cluster.MembersTable;
import io.jpatroni.ctl.render.PyYaml;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.pycompat.PyJson;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The build's class-data-sharing training run ({@code -Djpatronictl.cdsTraining=true}, see ctl/pom.xml): runs the
 * read-only verbs as a user runs them ({@code -c FILE list} and friends, through {@link CtlContext}, the
 * configuration file and etcd's JSON gateway) against a canned gateway on loopback that serves a three-member
 * cluster, so that {@code -XX:DumpLoadedClassList} lists what they load. Prints nothing.
 */
final class CdsTraining {
    private static final String PREFIX = "/service/demo/";

    private CdsTraining() {
    }

    static void run() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        JPatroniCtl.commandLine(new JPatroniCtl()).setOut(new java.io.PrintWriter(sink)).execute("--help");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread gateway = new Thread(() -> serve(server), "cds-gateway");
            gateway.setDaemon(true);
            gateway.start();
            Path config = Files.createTempFile("jpatronictl-cds", ".yml");
            try {
                Files.writeString(config, "scope: demo\nnamespace: /service/\nname: n1\netcd3:\n  hosts: 127.0.0.1:"
                        + server.getLocalPort() + "\nrestapi:\n  listen: 127.0.0.1:8008\n"
                        + "  connect_address: 127.0.0.1:8008\n");
                String c = config.toString();
                for (String[] args : new String[][] {{"-c", c, "list"}, {"-c", c, "list", "-e", "-f", "json"},
                        {"-c", c, "list", "-f", "yaml"}, {"-c", c, "list", "-f", "tsv"}, {"-c", c, "topology"},
                        {"-c", c, "history"}, {"-c", c, "show-config"}, {"-c", c, "dsn"}}) {
                    JPatroniCtl root = new JPatroniCtl();
                    CtlContext ctx = new CtlContext(Optional.of(config), Optional.empty(), false, sink, sink,
                            new BufferedReader(new StringReader("")));
                    root.useContext(ctx);
                    JPatroniCtl.commandLine(root, args).execute(args);
                    ctx.close();
                }
            } finally {
                Files.deleteIfExists(config);
            }
        } catch (IOException | RuntimeException e) {
            // a training run that could not do everything still archives what it loaded
        }
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        cluster().forEach(store::put);
        try (ClusterStore dcs = DcsFactory.inMemoryStore(store, "/service/", "demo")) {
            Cluster cluster = dcs.read();
            for (Format f : Format.values()) {
                sink.println(MembersTable.render(cluster, "demo", true, f));
            }
            sink.println(PyJson.dumps(PyYaml.load("a: [1, 'on', 2.5]")));
        }
    }

    /** A running three-member cluster as Patroni writes it. */
    private static Map<String, String> cluster() {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put(PREFIX + "config", "{\"ttl\":30,\"loop_wait\":10,\"postgresql\":{\"parameters\":{\"hot_standby\":\"on\"}}}");
        kv.put(PREFIX + "history", "[[1,25165984,\"no recovery target specified\",\"2026-01-01T00:00:00+00:00\",\"n1\"]]");
        kv.put(PREFIX + "initialize", "7300000000000000001");
        kv.put(PREFIX + "leader", "n1");
        kv.put(PREFIX + "status", "{\"optime\":50331648,\"slots\":{\"n2\":50331648}}");
        for (int i = 1; i <= 3; i++) {
            kv.put(PREFIX + "members/n" + i, "{\"conn_url\":\"postgres://127.0.0.1:543" + (1 + i) + "/postgres\","
                    + "\"api_url\":\"http://127.0.0.1:800" + (7 + i) + "/patroni\",\"state\":\"running\",\"role\":\""
                    + (i == 1 ? "master" : "replica") + "\",\"version\":\"3.0.2\",\"timeline\":2,"
                    + "\"tags\":{\"zone\":\"a\"},\"xlog_location\":50331648}");
        }
        return kv;
    }

    /** etcd's JSON gateway as far as a range request goes: every key of {@link #cluster()}, one answer per connection. */
    private static void serve(ServerSocket server) {
        StringBuilder kvs = new StringBuilder();
        int revision = 10;
        for (Map.Entry<String, String> e : cluster().entrySet()) {
            kvs.append(kvs.length() == 0 ? "" : ",").append("{\"key\":\"").append(b64(e.getKey()))
                    .append("\",\"create_revision\":\"").append(revision).append("\",\"mod_revision\":\"")
                    .append(revision).append("\",\"version\":\"1\",\"value\":\"").append(b64(e.getValue()))
                    .append('"').append(e.getKey().endsWith("leader") ? ",\"lease\":\"7587\"" : "").append('}');
            revision++;
        }
        byte[] body = ("{\"header\":{\"cluster_id\":\"1\",\"member_id\":\"2\",\"revision\":\"" + revision
                + "\",\"raft_term\":\"2\"},\"kvs\":[" + kvs + "],\"count\":\"" + cluster().size() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(5000);
                // keep-alive, as etcd answers: the JDK's client reuses the connection for the next request
                while (readRequest(s.getInputStream())) {
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(body);
                    s.getOutputStream().flush();
                }
            } catch (IOException e) {
                // closed at the end of the run, or a client that gave up
            }
        }
    }

    /** Headers, then Content-Length bytes of body; false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        return true;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
