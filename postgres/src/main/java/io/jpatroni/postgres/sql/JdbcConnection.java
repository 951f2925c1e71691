package io.jpatroni.postgres.sql;

import io.jpatroni.postgres.ConnectionTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reused JDBC connection for one purpose (heartbeat queries, bootstrap, a leader probe), opened lazily,
 * with short connect / socket / statement timeouts, and dropped after any failure so the next call reconnects.
 * The user's libpq options (sslmode, sslcert...) apply as they would to Patroni's libpq connections.
 */
public final class JdbcConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcConnection.class);

    /** Work done with a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final ConnectionTarget target;
    private final Duration statementTimeout;
    private final boolean replication;
    private Connection connection;

    public JdbcConnection(ConnectionTarget target, Duration statementTimeout, boolean replication) {
        this.target = target;
        this.statementTimeout = statementTimeout;
        this.replication = replication;
    }

    public static JdbcConnection regular(ConnectionTarget target) {
        return new JdbcConnection(target, Duration.ofSeconds(10), false);
    }

    /**
     * A physical walsender connection ({@code replication=true}, as Patroni's {@code replication=1}) for
     * IDENTIFY_SYSTEM / TIMELINE_HISTORY: pg_hba matches it against its {@code replication} lines, which is all a
     * Patroni cluster grants its replication user.
     */
    public static JdbcConnection replication(ConnectionTarget target) {
        return new JdbcConnection(target, Duration.ofSeconds(10), true);
    }

    public ConnectionTarget target() {
        return target;
    }

    /**
     * Runs {@code work}; a reused connection that turns out to be dead (server restarted, backend terminated)
     * is replaced once, transparently. Any other failure closes the connection and throws.
     */
    public synchronized <T> T run(String what, Work<T> work) {
        boolean reused = connection != null;
        try {
            return work.apply(connection());
        } catch (SQLException e) {
            closeQuietly();
            if (reused && isConnectionLoss(e)) {
                LOG.debug("connection to {} was lost ({}), reconnecting", target, e.getMessage());
                try {
                    return work.apply(connection());
                } catch (SQLException again) {
                    closeQuietly();
                    throw new PostgresConnectionException(what + " on " + target + " failed: "
                            + again.getMessage(), again);
                }
            }
            throw new PostgresConnectionException(what + " on " + target + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    private Connection connection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return connection;
        }
        // TLS, GSS and channel binding as libpq would negotiate them for this user (options, PGSSL*, ~/.postgresql)
        Properties p = LibpqJdbcProperties.of(target.credentials().libpq(), System.getenv(),
                Path.of(System.getProperty("user.home")));
        p.setProperty("user", target.user());
        target.credentials().password().ifPresent(s -> p.setProperty("password", s.value()));
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", Long.toString(statementTimeout.toSeconds() + 5));
        p.setProperty("ApplicationName", "Patroni");
        p.setProperty("tcpKeepAlive", "true");
        if (replication) {
            p.setProperty("replication", "true");
            p.setProperty("preferQueryMode", "simple");
            p.setProperty("assumeMinServerVersion", "9.4");
        } else {
            p.setProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
        }
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        String url = "jdbc:postgresql://" + host + ":" + target.port() + "/" + target.database();
        LOG.debug("connecting to {}", target);
        connection = DriverManager.getConnection(url, p);
        connection.setAutoCommit(true);
        return connection;
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing connection to {}: {}", target, e.toString());
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
