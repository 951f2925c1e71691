package io.jpatroni.postgres;

import java.util.Objects;

/** Where to connect (a leader, a clone source, the local node) and as whom. */
public record ConnectionTarget(String host, int port, Credentials credentials, String database) {
    public ConnectionTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(database, "database");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public static ConnectionTarget of(String host, int port, Credentials credentials) {
        return new ConnectionTarget(host, port, credentials, "postgres");
    }

    public ConnectionTarget withCredentials(Credentials other) {
        return new ConnectionTarget(host, port, other, database);
    }

    public String user() {
        return credentials.username();
    }

    /**
     * {@code dbname=... user=... host=... port=...}: the conninfo Patroni hands to pg_basebackup, replica
     * methods and post_bootstrap scripts. No password: libpq takes it from PGPASSFILE. Spaces, quotes and
     * backslashes in values are backslash-escaped as Patroni does.
     */
    public String dsn() {
        return "dbname=" + escape(database) + " user=" + escape(user()) + " host=" + escape(host) + " port=" + port;
    }

    private static String escape(String value) {
        return value.replaceAll("(['\\\\ ])", "\\\\$1");
    }

    /** {@code postgres://user@host:port/db} (no password). */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "postgres://" + urlEncode(user()) + "@" + h + ":" + port + "/" + urlEncode(database);
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return user() + "@" + host + ":" + port + "/" + database;
    }
}
