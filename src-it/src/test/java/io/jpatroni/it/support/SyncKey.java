package io.jpatroni.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What synchronous replication looks like from outside: the DCS {@code sync} key as etcd holds it (read with
 * {@code etcdctl}, the bytes whichever implementation wrote them), and the primary's own view
 * ({@code synchronous_standby_names}, {@code pg_stat_replication}) over SQL.
 */
public final class SyncKey {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key's raw value and its fields. */
    public record Value(String raw, Optional<String> leader, Set<String> standbys, Optional<Integer> quorum) {
    }

    private SyncKey() {
    }

    /** {@code /service/<scope>/sync}, empty when absent. */
    public static Optional<Value> read(EtcdCluster etcd, String scope) {
        String out = Processes.run(new ProcessBuilder("etcdctl", "--endpoints=" + String.join(",", etcd.hosts()),
                "get", "/service/" + scope + "/sync", "--print-value-only"), Duration.ofSeconds(10)).trim();
        if (out.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(out);
            Set<String> standbys = new TreeSet<>();
            if (n.hasNonNull("sync_standby")) {
                for (String s : n.get("sync_standby").asText().split(",")) {
                    standbys.add(s.trim());
                }
            }
            return Optional.of(new Value(out, n.hasNonNull("leader") ? Optional.of(n.get("leader").asText())
                    : Optional.empty(), standbys, n.has("quorum") ? Optional.of(n.get("quorum").asInt())
                    : Optional.empty()));
        } catch (IOException e) {
            throw new IllegalStateException("sync key is not JSON: " + out, e);
        }
    }

    /** {@code SHOW synchronous_standby_names} on the server at {@code pgPort}. */
    public static String synchronousStandbyNames(int pgPort) throws SQLException {
        return query(pgPort, "SHOW synchronous_standby_names").get(0);
    }

    /** {@code application_name:sync_state} of each walsender of the server at {@code pgPort}. */
    public static List<String> replication(int pgPort) throws SQLException {
        return query(pgPort, "SELECT application_name || ':' || sync_state FROM pg_stat_replication"
                + " ORDER BY application_name");
    }

    /** The first column of every row of {@code sql}, run as the superuser on 127.0.0.1:{@code pgPort}. */
    public static List<String> query(int pgPort, String sql) throws SQLException {
        try (Connection c = connect(pgPort, 5); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    /** A superuser connection whose reads give up after {@code socketTimeoutSeconds} (0: never). */
    public static Connection connect(int pgPort, int socketTimeoutSeconds) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "supersecret");
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", p);
    }
}
