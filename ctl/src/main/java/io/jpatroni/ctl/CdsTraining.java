package io.jpatroni.ctl;

import io.jpatroni.ctl.cluster.MembersTable;
import io.jpatroni.ctl.render.PyYaml;
import io.jpatroni.ctl.render.TableOutput.Format;
import io.jpatroni.dcs.ClusterStore;
import io.jpatroni.dcs.DcsFactory;
import io.jpatroni.dcs.Etcd3Settings;
import io.jpatroni.dcs.memory.InMemoryKeyValueStore;
import io.jpatroni.dcs.model.Cluster;
import io.jpatroni.pycompat.PyJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The build's class-data-sharing training run ({@code -Djpatronictl.cdsTraining=true}, see ctl/pom.xml): loads the
 * classes a {@code list} needs (command line, config, etcd JSON gateway client against a canned answer, DCS codec,
 * rendering) so that {@code -XX:ArchiveClassesAtExit} archives them. Prints nothing.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    /** One canned answer of etcd's JSON gateway to a range request: an empty cluster. */
    private static void answerOnce(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            String req = "";
            while (!req.contains("\r\n\r\n") || !req.endsWith("}")) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                req += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            byte[] body = "{\"header\":{\"cluster_id\":\"1\",\"revision\":\"7\"},\"count\":\"0\"}"
                    .getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
        } catch (IOException e) {
            // the client gave up: nothing to archive from here
        }
    }

    static void run() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        JPatroniCtl.commandLine(new JPatroniCtl()).setOut(new java.io.PrintWriter(sink)).execute("--help");
        io.jpatroni.config.ConfigLoader.loadFromString("scope: demo\netcd3:\n  hosts: 127.0.0.1:1\n",
                java.util.Map.of());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread gateway = new Thread(() -> answerOnce(server), "cds-gateway");
            gateway.start();
            try (ClusterStore etcd = DcsFactory.etcd3GatewayStore(
                    Etcd3Settings.plain(List.of("127.0.0.1:" + server.getLocalPort())), "/service/", "demo",
                    Duration.ofSeconds(5))) {
                etcd.read();
            }
            gateway.join();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // only the client's classes were wanted
        }
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        store.put("/service/demo/config", "{\"ttl\":30,\"postgresql\":{\"parameters\":{\"hot_standby\":\"on\"}}}");
        store.put("/service/demo/leader", "n1");
        store.put("/service/demo/members/n1", "{\"conn_url\":\"postgres://127.0.0.1:5432/postgres\",\"api_url\":"
                + "\"http://127.0.0.1:8008/patroni\",\"state\":\"running\",\"role\":\"master\",\"timeline\":1,"
                + "\"tags\":{\"zone\":\"a\"},\"xlog_location\":1}");
        store.put("/service/demo/history", "[[1,2,\"r\",\"2026-01-01T00:00:00+00:00\",\"n1\"]]");
        try (ClusterStore dcs = DcsFactory.inMemoryStore(store, "/service/", "demo")) {
            Cluster cluster = dcs.read();
            for (Format f : Format.values()) {
                sink.println(MembersTable.render(cluster, "demo", true, f));
            }
            sink.println(PyJson.dumps(PyYaml.load("a: [1, 'on', 2.5]")));
        }
    }
}
